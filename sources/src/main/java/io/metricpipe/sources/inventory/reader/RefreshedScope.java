package io.metricpipe.sources.inventory.reader;

import io.metricpipe.core.model.ResourceRecord;
import java.util.List;

/** The outcome of one complete refresh of a scope: its records and what it now knows. */
final class RefreshedScope {
    final List<ResourceRecord> records;
    final long at;
    final List<String> arns;

    RefreshedScope(List<ResourceRecord> records, long at, List<String> arns) {
        this.records = records;
        this.at = at;
        this.arns = arns;
    }
}
