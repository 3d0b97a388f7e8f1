package bnsweep.engine.collective;

import static bnsweep.engine.collective.CollectiveTest.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.CollectiveAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The collective's failures with both algorithms and both transports (workers as threads): who is missing is named,
 * foreign and stale messages are refused, an abort or a leaving worker ends every wait.
 */
class CollectiveFailureTest {
    /** A worker that never comes: named by the hub at the call (hub) or at the rendezvous (ring), not before the time-out. */
    @ParameterizedTest(name = "{0}, in-process {1}")
    @CsvSource({"hub, false", "hub, true", "ring, false", "ring, true"})
    void aWorkerThatNeverArrivesFailsTheCallWithinTheTimeOutNamingIt(String algorithm, boolean local) throws Exception {
        try (CollectiveHub hub = hub(CollectiveAlgorithm.fromId(algorithm), 1_500)) {
            Ticket t = hub.open(3);
            long start = System.nanoTime();
            List<String> errors = new ArrayList<>();
            List<Future<?>> fs = new ArrayList<>();
            for (int rank : new int[] {0, 2}) { // worker 1 never comes
                fs.add(POOL.submit(() -> {
                    CollectiveException e = assertThrows(CollectiveException.class, () -> {
                        try (CollectiveClient c = join(t, rank, local)) {
                            c.allReduceSum(new float[8]);
                        }
                    });
                    synchronized (errors) {
                        errors.add(e.getMessage());
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(2, errors.size());
            for (String m : errors) assertTrue(m.contains("worker 1 did not arrive within 1.5 s"), m);
            // not before the time-out (how long after it depends on the machine's load: no upper bound here)
            assertTrue(seconds >= 1.4, "failed after " + seconds + " s, before the 1.5 s time-out");
        }
    }

    /** In the ring, a worker that joined but never makes a call is named by its right neighbour, which had nothing of the call from it. */
    @ParameterizedTest(name = "in-process {0}")
    @CsvSource({"false", "true"})
    void aRingWorkerThatStopsIsNamedByTheWorkerWaitingForIt(boolean local) throws Exception {
        try (CollectiveHub hub = hub(CollectiveAlgorithm.RING, 1_500)) {
            Ticket t = hub.open(3);
            List<String> errors = asWorkers(t, local, c -> {
                if (c.rank() == 1) {
                    Thread.sleep(4_000); // joined, then stuck (still connected) while the others wait in the call
                    return "stuck";
                }
                try {
                    c.allReduceSum(new float[40_000]);
                    return "no error";
                } catch (CollectiveException e) {
                    return e.getMessage();
                }
            });
            assertTrue(errors.get(2).contains("worker 1 (") && errors.get(2).contains("did not arrive") && errors.get(2).contains("1.5 s"),
                    errors.get(2));
            // worker 0 waits for worker 2, which waits itself (or has already failed and left)
            assertTrue(errors.get(0).contains("worker 2 (") && (errors.get(0).contains("waits itself") || errors.get(0).contains("closed")),
                    errors.get(0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"hub", "ring"})
    void mismatchedCallsFailEveryWaitingWorker(String algorithm) throws Exception {
        try (CollectiveHub hub = hub(CollectiveAlgorithm.fromId(algorithm), 20_000)) {
            Ticket t = hub.open(2);
            List<String> errors = asWorkers(t, false, c -> {
                try {
                    c.allReduceSum(new float[c.rank() == 0 ? 4 : 5]);
                    return "no error";
                } catch (CollectiveException e) {
                    return e.getMessage();
                }
            });
            for (String m : errors) {
                assertTrue(m.contains("of 20 bytes") || m.contains("of 16 bytes") || m.contains("made a different call"), m);
            }
        }
    }

    @Test
    void aMessageFromAnotherRunIsRefusedAndTheSessionGoesOn() throws Exception {
        try (CollectiveHub hub = hub(CollectiveAlgorithm.HUB, 20_000); CollectiveHub other = hub(CollectiveAlgorithm.HUB, 20_000)) {
            Ticket t = hub.open(2);
            Ticket foreign = other.open(2); // same session number, another run's token
            Ticket forged = new Ticket(t.host(), t.port(), foreign.token(), t.session(), 2, t.settings(), t.maxPayload());
            try (CollectiveClient intruder = join(forged, 0, false)) {
                // the hub's frame guard reads the token in the frame's head and closes the connection at once, unanswered
                CollectiveException e = assertThrows(CollectiveException.class, () -> intruder.allReduceSum(new float[] {1e6f}));
                assertTrue(e.getMessage().contains("closed"), e.getMessage());
            }
            List<float[]> sums = asWorkers(t, false, c -> {
                float[] x = {c.rank() + 1f};
                c.allReduceSum(x);
                return x;
            });
            for (float[] s : sums) assertArrayEquals(new float[] {3f}, s);
        }
    }

    @Test
    void aLateWorkerOfAnEarlierAttemptIsRefused() throws Exception {
        try (CollectiveHub hub = hub(CollectiveAlgorithm.HUB, 20_000)) {
            Ticket first = hub.open(1);
            hub.open(1);
            try (CollectiveClient late = join(first, 0, false)) {
                CollectiveException e = assertThrows(CollectiveException.class, () -> late.allReduceSum(new float[4]));
                assertTrue(e.getMessage().contains("is over"), e.getMessage());
            }
        }
    }

    /** A ring message for a session this JVM's workers are not in (an earlier attempt's) is refused, and its sender learns why. */
    @Test
    void aRingMessageForASessionThatIsOverIsRefused() throws Exception {
        try (CollectiveHub hub = hub(CollectiveAlgorithm.RING, 5_000)) {
            Ticket t = hub.open(2);
            Ticket stale = new Ticket(t.host(), t.port(), t.token(), t.session() + 7, 2, t.settings(), t.maxPayload());
            Mailbox own = new Mailbox(0, 2);
            List<String> errors = asWorkers(t, false, c -> {
                if (c.rank() == 0) {
                    String address = "127.0.0.1:" + PeerServer.on(CONF, "127.0.0.1", t.settings().ports(), 60_000).port();
                    try (TcpPeers peers = new TcpPeers(stale, own, new String[] {address, address}, CONF)) {
                        peers.floats(1, 0, PeerWire.tag(PeerWire.REDUCE_SCATTER, 0, 0), 4, new float[4], 0, 4);
                    }
                }
                return own.failure();
            });
            assertTrue(errors.get(0) != null && errors.get(0).contains("refused: worker 1 of session " + stale.session() + " is not here"),
                    String.valueOf(errors.get(0)));
        }
    }

    @Test
    void theDriversAbortFailsHubCallsAndACancelledTaskEndsItsRingWait() throws Exception {
        try (CollectiveHub hub = hub(CollectiveAlgorithm.HUB, 20_000)) {
            Ticket t2 = hub.open(2);
            Future<String> waiting = POOL.submit(() -> {
                try (CollectiveClient c = join(t2, 0, false)) {
                    c.allReduceSum(new float[1]);
                    return "no error";
                } catch (CollectiveException e) {
                    return (e.abortedByDriver() ? "aborted: " : "not marked aborted: ") + e.getMessage();
                }
            });
            // waiting already, or arriving after the abort: either way its call fails as aborted by the driver
            hub.abort(t2.session(), "the epoch's Spark stage failed");
            // over TCP too, the worker learns that the driver ended the session (its task then ends as killed)
            assertEquals("aborted: " + CollectiveHub.ABORTED + "the epoch's Spark stage failed", waiting.get(10, TimeUnit.SECONDS));
        }
        // in the ring the hub does not carry the calls: Spark's kill of the task (here: a flag the wait checks) ends the wait
        try (CollectiveHub hub = hub(CollectiveAlgorithm.RING, 60_000)) {
            Ticket t = hub.open(2);
            AtomicBoolean killed = new AtomicBoolean();
            Runnable check = () -> {
                if (killed.get()) throw new IllegalStateException("task killed");
            };
            Future<String> waiting = POOL.submit(() -> {
                try (CollectiveClient c = CollectiveClient.tcp(t, 0, CONF, "127.0.0.1", check)) {
                    c.allReduceSum(new float[100]);
                    return "no error";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            });
            try (CollectiveClient idle = join(t, 1, false)) { // joins, then never calls
                Thread.sleep(300);
                killed.set(true);
                assertEquals("task killed", waiting.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @ParameterizedTest(name = "{0}, in-process {1}")
    @CsvSource({"hub, false", "hub, true", "ring, false", "ring, true"})
    void aWorkerThatLeavesMidSessionFailsTheOthersAtOnce(String algorithm, boolean local) throws Exception {
        try (CollectiveHub hub = hub(CollectiveAlgorithm.fromId(algorithm), 60_000)) {
            Ticket t = hub.open(2);
            Future<String> waiting = POOL.submit(() -> {
                try (CollectiveClient c = join(t, 0, local)) {
                    c.allGather(new byte[] {0});
                    c.allReduceSum(new float[3]);
                    return "no error";
                } catch (CollectiveException e) {
                    return e.getMessage();
                }
            });
            CollectiveClient quitter = join(t, 1, local);
            quitter.allGather(new byte[] {1}); // takes part in a call, as a worker that started the epoch ...
            quitter.close(); // ... and then dies before the next call (worker 0 waiting in it already, or arriving after)
            // the reason is the closed connection, not the session's 60 s time-out (which would name a worker that did not arrive)
            String m = waiting.get(50, TimeUnit.SECONDS);
            assertTrue(m.contains("worker 1's connection closed") || m.contains("worker 1 (") && m.contains("closed its connection"), m);
        }
    }

    /** Listening on every interface (containers, Kubernetes) works for the hub and the executors' servers; telling workers a wildcard does not. */
}
