package io.metricpipe.jobs.local;

import io.metricpipe.testing.KinesisMock;
import io.metricpipe.testing.SimulatedRecord;
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

    PacedFeeder(KinesisMock kinesis, String stream, List<SimulatedRecord> records) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.records = records;
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
