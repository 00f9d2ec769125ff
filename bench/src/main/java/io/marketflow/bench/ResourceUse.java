package io.marketflow.bench;

import java.util.Map;

/**
 * What a run cost the machine. CPU figures are average cores busy over the run (1.0 = one core all the time);
 * a negative value means not measured.
 *
 * @param storePeakRssMb the store's highest resident memory seen while the run lasted
 * @param storeCpu the store process
 * @param postgresCpu the postmaster and all its backends
 * @param clientCpu the benchmark process and its children (the load generator, psql)
 * @param machineCpu every core of the machine, whoever used it
 * @param storeThreadCpu the store's CPU by thread pool (thread names without their numbers), busiest first
 */
record ResourceUse(
        double storePeakRssMb,
        double storeCpu,
        double postgresCpu,
        double clientCpu,
        double machineCpu,
        Map<String, Double> storeThreadCpu) {}
