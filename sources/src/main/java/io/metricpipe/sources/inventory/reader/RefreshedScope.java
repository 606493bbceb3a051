package io.metricpipe.sources.inventory.reader;

import io.metricpipe.core.model.ResourceRecord;
import java.util.List;

/** The outcome of one complete refresh of a scope: its records and what it now knows. */
final class RefreshedScope {
    final List<ResourceRecord> records;
    final List<String> arns;

    RefreshedScope(List<ResourceRecord> records, List<String> arns) {
        this.records = records;
        this.arns = arns;
    }
}
