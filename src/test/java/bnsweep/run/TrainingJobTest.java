package bnsweep.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TrainingJobTest {
    @Test
    void warnsWhenWorkersCrowdTheCores() {
        assertNull(TrainingJob.oversubscription(4, 2));
        assertEquals("workers = 16 on 2 cores: each core runs about 8 workers in turn, so an epoch takes about that many times"
                + " longer than with 2 workers", TrainingJob.oversubscription(16, 2));
    }
}
