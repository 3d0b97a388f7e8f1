package bnsweep.engine;

import bnsweep.shard.WorkerShard;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * For clusters whose spark-defaults set {@code spark.serializer} to Kryo: classes that keep their
 * data in transient fields written by Java serialisation ({@link ModelState}'s parameter arrays) or
 * rely on field initialisers Kryo skips ({@link WorkerShard}'s order cache) are serialised the Java
 * way, and so are all Java records, whose final fields Kryo cannot set. {@code SparkSessions} adds this registrator to {@code spark.kryo.registrator} (keeping any
 * the cluster sets).
 */
public final class KryoRegistration implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(ModelState.class, new JavaSerializer());
        kryo.register(WorkerShard.class, new JavaSerializer());
        // Kryo's field serialiser cannot set the final fields of Java records (ShardAssignment, EpochResult, ...)
        kryo.addDefaultSerializer(Record.class, new JavaSerializer());
    }
}
