package io.metricpipe.jobs.local;

import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.KinesisMock;
import io.metricpipe.testing.SimulatedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts simulated records on the stream when their event time comes: history at once, the rest as
 * the clock reaches it, so the demo shows both a backfill and live windows.
 */
final class PacedFeeder implements Runnable {
    private final KinesisMock kinesis;
    private final String stream;
    private final List<SimulatedRecord> records;
    private volatile int sent;
    private Thread thread;

    /** The demo's fleet starts this long before now, so there is history to backfill at once. */
    static final Duration HISTORY = Duration.ofMinutes(8);

    PacedFeeder(KinesisMock kinesis, String stream, List<SimulatedRecord> records) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.records = records;
    }

    /**
     * Feeds the demo's simulated fleet (one reboot included) on a daemon thread: {@link #HISTORY}
     * at once, then live until {@code live} from now.
     */
    static PacedFeeder startFleet(KinesisMock kinesis, String stream, Duration live) {
        long now = System.currentTimeMillis();
        long start = (now - HISTORY.toMillis()) / 60_000 * 60_000;
        List<SimulatedRecord> records =
                new CollectorSimulator(start)
                        .ticks((int) ((now + live.toMillis() - start) / CollectorSimulator.TICK_MS))
                        .rebootTick(20)
                        .records();
        PacedFeeder feeder = new PacedFeeder(kinesis, stream, records);
        feeder.thread = new Thread(feeder, "collector-simulator");
        feeder.thread.setDaemon(true);
        feeder.thread.start();
        return feeder;
    }

    void stop() {
        thread.interrupt();
    }

    int sent() {
        return sent;
    }

    @Override
    public void run() {
        int i = 0;
        while (i < records.size() && !Thread.currentThread().isInterrupted()) {
            List<SimulatedRecord> due = new ArrayList<>();
            long now = System.currentTimeMillis();
            while (i < records.size() && records.get(i).eventTime() <= now) {
                due.add(records.get(i++));
            }
            if (!due.isEmpty()) {
                kinesis.put(stream, due);
                sent += due.size();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
