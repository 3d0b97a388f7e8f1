package bnsweep.util;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class MasterUrlTest {
    static String refusal(String master) {
        return assertThrows(IllegalArgumentException.class, () -> MasterUrl.check(master)).getMessage();
    }

    @Test
    void acceptsWhatSparkAccepts() throws Exception {
        for (String m : new String[] {"local", "local[1]", "local[*]", "local[4,3]", "local-cluster[2, 1, 1024]", "yarn", "k8s://https://h:443"}) {
            MasterUrl.check(m);
        }
        try (ServerSocket s = new ServerSocket(0)) {
            MasterUrl.check("spark://127.0.0.1:" + s.getLocalPort());
            MasterUrl.check("spark://127.0.0.1:1," + "127.0.0.1:" + s.getLocalPort()); // one reachable master of several suffices
        }
    }

    @Test
    void refusesWhatCannotWork() {
        assertTrue(refusal("local[0]").contains("at least one thread"));
        assertTrue(refusal("localhost:7077").contains("not a Spark master URL"));
        assertTrue(refusal("spark://nohostport").contains("not HOST:PORT"));
        assertTrue(refusal("spark://127.0.0.1:1").startsWith("cannot reach the Spark master at 127.0.0.1:1 ("));
    }
}
