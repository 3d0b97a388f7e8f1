package bnsweep.ml;

/**
 * A Spark ML stage's uid while its superclass is constructed. Spark's shared Params
 * ({@code featuresCol}, ...) are made in the superclasses' constructors and take the stage's
 * {@code uid()} then; a Scala class has its {@code uid} field set before that, a Java one cannot,
 * so the constructor puts it here first ({@link #constructing}) and {@code uid()} reads it until the
 * field is set.
 */
final class Uid {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private Uid() {}

    /** Call in the argument list of {@code this(...)}, before the superclass is constructed. */
    static boolean constructing(String uid) {
        CURRENT.set(uid);
        return true;
    }

    static String current() {
        return CURRENT.get();
    }

    static void constructed() {
        CURRENT.remove();
    }
}
