package bnsweep.data;

/** A source file in the raw directory, its sha256, and how its authenticity was established. */
public record VerifiedFile(String name, long bytes, String sha256,
                           @com.fasterxml.jackson.annotation.JsonProperty("verified_by") String verifiedBy) {}
