package bnsweep.config;

import java.io.Serializable;

/**
 * How a run's workers exchange and where its collective listens.
 *
 * @param algorithm     ring between the executors, or a hub in the driver ({@link TrainKeys#COLLECTIVE})
 * @param timeoutMillis longest wait of a worker for another at a collective call
 * @param ports         the ports the driver's hub and each executor's collective server may take
 * @param bindAddress   the address they listen on ({@code 0.0.0.0}: every interface); empty: the address Spark advertises
 *                      for that process
 * @param driverAddress the address the executors reach the driver's hub at; empty: {@code spark.driver.host}
 */
public record CollectiveSettings(CollectiveAlgorithm algorithm, long timeoutMillis, PortRange ports, String bindAddress,
                                 String driverAddress) implements Serializable {
    public CollectiveSettings {
        if (timeoutMillis < 1) throw new IllegalArgumentException("collective time-out must be >= 1 ms");
        bindAddress = bindAddress == null ? "" : bindAddress.trim();
        driverAddress = driverAddress == null ? "" : driverAddress.trim();
    }

    /** A collective of {@code algorithm} on any free port of the addresses Spark uses. */
    public static CollectiveSettings of(CollectiveAlgorithm algorithm, long timeoutMillis) {
        return new CollectiveSettings(algorithm, timeoutMillis, PortRange.ANY, "", "");
    }

    public CollectiveSettings with(CollectiveAlgorithm newAlgorithm) {
        return new CollectiveSettings(newAlgorithm, timeoutMillis, ports, bindAddress, driverAddress);
    }
}
