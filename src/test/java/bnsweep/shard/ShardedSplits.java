package bnsweep.shard;

import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/** Tests and benchmarks: shards built on the driver as a {@link ShardedSplit}. */
public final class ShardedSplits {
    private ShardedSplits() {}

    /**
     * Shard k lands in partition k. They go through a shuffle once: a parallelized collection would
     * ship its data inside every task.
     */
    public static ShardedSplit of(JavaSparkContext sc, List<WorkerShard> shards) {
        int[] sizes = shards.stream().mapToInt(WorkerShard::size).toArray();
        JavaRDD<WorkerShard> rdd = sc.parallelize(shards, shards.size())
                .mapToPair(s -> new Tuple2<>(s.shard(), s))
                .partitionBy(new HashPartitioner(shards.size()))
                .values();
        rdd.persist(StorageLevel.MEMORY_ONLY());
        rdd.count();
        return new ShardedSplit(rdd, new ShardAssignment(shards.size(), new int[0], new int[0], sizes));
    }
}
