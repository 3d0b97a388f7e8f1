package bnsweep.engine.collective;

/** How the hub answers one worker's call: with the call's result, or with why it failed. */
interface Reply {
    void ok(Result result);

    void fail(String message);
}
