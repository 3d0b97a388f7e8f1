package bnsweep.engine;

import bnsweep.util.MasterUrl;

import java.util.Arrays;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Creates the Spark session with the settings this project needs on every master. */
public final class SparkSessions {
    private SparkSessions() {}

    /**
     * A session for a command: created with {@link #create}, or the one already running in this
     * JVM (tests). Closing stops it only if this call created it.
     */
    public record Handle(SparkSession session, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) session.stop();
        }
    }

    /**
     * @param master        the --master of the command line, or null
     * @param defaultMaster used when neither the command line nor spark-submit chose a master
     */
    public static Handle open(String master, String defaultMaster, String appName) {
        scala.Option<SparkSession> existing = SparkSession.getDefaultSession();
        if (existing.isDefined()) return new Handle(existing.get(), false);
        SparkSession session = create(resolveMaster(master, defaultMaster), appName);
        scala.Option<String> ui = session.sparkContext().uiWebUrl();
        if (ui.isDefined()) System.out.println("Spark UI (jobs, stages, executors): " + ui.get() + " (spark.ui.enabled=false turns it off)");
        return new Handle(session, true);
    }

    /**
     * --master wins; then a master given to spark-submit (e.g. by Airflow's SparkSubmitOperator),
     * unless the bnsweep launcher marked it as spark-submit's own default; then the default.
     */
    static String resolveMaster(String master, String defaultMaster) {
        if (master != null) return master;
        String submitted = System.getProperty("spark.master");
        if (submitted != null && !Boolean.getBoolean("bnsweep.master.chosen-by-application")) return submitted;
        return defaultMaster;
    }

    /** Adds bnsweep's Kryo registrator to any the configuration names (used when spark.serializer is Kryo). */
    static void withKryoRegistration(SparkConf conf) {
        addToList(conf, "spark.kryo.registrator", KryoRegistration.class.getName());
    }

    /** Adds {@code mine} to the comma-separated list {@code key} of {@code conf}, keeping what is there. */
    static void addToList(SparkConf conf, String key, String mine) {
        String theirs = conf.get(key, "").trim();
        if (!Arrays.asList(theirs.split("\\s*,\\s*")).contains(mine)) {
            conf.set(key, theirs.isEmpty() ? mine : theirs + "," + mine);
        }
    }

    public static SparkSession create(String master, String appName) {
        SparkConf conf = new SparkConf();
        conf.setIfMissing("spark.app.name", appName); // spark-submit --name wins
        if (master != null) conf.setMaster(master);
        String m = conf.get("spark.master", "local[*]");
        MasterUrl.check(m);
        if (m.startsWith("local")) {
            // loopback only: nothing listens on the machine's external interfaces
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        withKryoRegistration(conf);
        // each executor picks its ND4J native build from its own CPU before ND4J loads (NativeBuild)
        addToList(conf, "spark.plugins", NativeBuildPlugin.class.getName());
        // ND4J's default OpenMP threads oversubscribe the cores that Spark already fills with tasks
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.setIfMissing("spark.sql.shuffle.partitions", "8");
        // the aggregated tables have some 30 columns: above Spark's default of 25 every sweep printed a WARN about plan strings
        conf.setIfMissing("spark.sql.debug.maxToStringFields", "100");
        // a sweep trains several configurations at once (sweep.parallel), each in a scheduler pool of its own
        conf.setIfMissing("spark.scheduler.mode", "FAIR");
        // an epoch returns the model (parameters + updater state, MBs) from worker 0; above the 1 MB
        // default Spark detours task results through the block manager
        conf.setIfMissing("spark.task.maxDirectResultSize", "64m");
        // the trainer checks task slots itself before an epoch's barrier stage; should they vanish in
        // between, fail within a minute instead of Spark's default 40 x 15 s
        conf.setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "5s");
        conf.setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "12");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
