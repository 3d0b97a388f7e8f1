package bnsweep.cli;

import bnsweep.util.fs.Location;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts a directory option ({@code --data-dir}, {@code --out}, report's OUT) to a {@link Location}: a
 * plain path or {@code file://} URI is local, any other URI ({@code hdfs://nn:8020/x}, {@code s3a://bucket/x})
 * goes through Hadoop's FileSystem API. A URI whose scheme no Hadoop filesystem on the class path serves is
 * refused here, in one line.
 */
final class LocationConverter implements ITypeConverter<Location> {
    @Override
    public Location convert(String value) {
        try {
            return Location.of(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
