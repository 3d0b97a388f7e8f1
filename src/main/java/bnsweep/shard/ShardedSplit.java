package bnsweep.shard;

import bnsweep.data.DataShape;
import bnsweep.data.FeatureEncoding;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A data split (rows index, label, features) dealt into one cached {@link WorkerShard} per
 * worker: RDD partition k holds exactly worker k's shard, its features turned into network inputs
 * by a {@link FeatureEncoding}, for the whole run.
 */
public final class ShardedSplit {
    private final JavaRDD<WorkerShard> shards;
    private final ShardAssignment assignment;

    ShardedSplit(JavaRDD<WorkerShard> shards, ShardAssignment assignment) {
        this.shards = shards;
        this.assignment = assignment;
    }

    /**
     * @param rows    columns index (int, unique), label (int, 0..shape.classes − 1), features (what {@code encoding} reads)
     */
    public static ShardedSplit of(JavaSparkContext sc, Dataset<Row> rows, FeatureEncoding encoding, DataShape shape, int workers,
                                  Partitioning how, long seed) {
        List<Row> keys = rows.select("index", "label").collectAsList();
        int[] indices = keys.stream().mapToInt(r -> r.getInt(0)).toArray();
        int[] labels = keys.stream().mapToInt(r -> r.getInt(1)).toArray();
        ShardAssignment a = ShardAssignment.of(indices, labels, workers, how, seed);
        Broadcast<ShardAssignment> bc = sc.broadcast(a);
        JavaRDD<WorkerShard> shards = rows.javaRDD()
                .mapToPair(r -> new Tuple2<>(bc.value().shardOf()[r.getInt(0)], r))
                .partitionBy(new HashPartitioner(workers))
                .mapPartitionsWithIndex((k, it) -> build(k, it, bc.value(), encoding, shape.classes()), true);
        shards.persist(StorageLevel.MEMORY_ONLY());
        long built = shards.count();
        bc.unpersist(false);
        if (built != workers) throw new IllegalStateException("expected " + workers + " shards, built " + built);
        return new ShardedSplit(shards, a);
    }

    private static Iterator<WorkerShard> build(int k, Iterator<Tuple2<Integer, Row>> rows, ShardAssignment a, FeatureEncoding encoding,
                                               int classes) {
        int n = a.shardSizes()[k], features = encoding.width();
        float[] x = new float[Math.multiplyExact(n, features)];
        int[] y = new int[n];
        int seen = 0;
        while (rows.hasNext()) {
            Row r = rows.next()._2();
            int pos = a.positionOf()[r.getInt(0)];
            encoding.write(r.get(2), x, pos * features);
            y[pos] = r.getInt(1);
            seen++;
        }
        if (seen != n) throw new IllegalStateException("shard " + k + " received " + seen + " rows, expected " + n);
        List<WorkerShard> one = new ArrayList<>(1);
        one.add(new WorkerShard(k, features, classes, x, y));
        return one.iterator();
    }

    public JavaRDD<WorkerShard> rdd() {
        return shards;
    }

    public int workers() {
        return assignment.workers();
    }

    public int minShardSize() {
        return assignment.minShardSize();
    }

    public long size() {
        long s = 0;
        for (int n : assignment.shardSizes()) s += n;
        return s;
    }

    public void release() {
        shards.unpersist(false);
    }
}
