package bnsweep.data;

import java.util.regex.Pattern;

/** File names of CIFAR-10's binary version. */
public final class CifarFiles {
    private CifarFiles() {}

    public static final String ARCHIVE = "cifar-10-binary.tar.gz";
    public static final String TEST_BATCH = "test_batch.bin";
    /** data_batch_1.bin ... data_batch_5.bin */
    public static final Pattern TRAIN_BATCH = Pattern.compile("data_batch_[1-5]\\.bin");
    /** label byte + 1024 red + 1024 green + 1024 blue bytes */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;
}
