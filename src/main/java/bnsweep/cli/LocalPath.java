package bnsweep.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts a directory option to a local path: a plain path, or a {@code file://} URI. Any other
 * URI ({@code hdfs://}, {@code s3a://}, ...) is refused: bnsweep reads and writes through the local
 * filesystem only, and without this check {@code hdfs://nn/x} would silently become the relative
 * local folder {@code hdfs:/nn/x}.
 */
final class LocalPath implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        if (value.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !value.matches("^[A-Za-z]:[\\\\/].*")) { // a scheme, not C:\
            if (value.startsWith("file:")) {
                try {
                    return Path.of(URI.create(value));
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException(value + ": not a file URI (" + e.getMessage() + ")");
                }
            }
            throw new TypeConversionException(value + ": only local paths and file:// URIs are supported; Hadoop filesystems"
                    + " (hdfs://, s3a://) are not yet: use a path on a filesystem every machine mounts");
        }
        return Path.of(value);
    }
}
