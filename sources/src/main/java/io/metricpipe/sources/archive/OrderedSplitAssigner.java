package io.metricpipe.sources.archive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

/**
 * Hands out files in path order, so dated folders are read oldest first: each reader's watermark
 * then follows the archive's time, and no reader makes another's events late.
 */
final class OrderedSplitAssigner implements FileSplitAssigner {
    private final TreeSet<FileSourceSplit> splits =
            new TreeSet<>(
                    Comparator.comparing((FileSourceSplit s) -> s.path().toString())
                            .thenComparing(FileSourceSplit::splitId));

    OrderedSplitAssigner(Collection<FileSourceSplit> splits) {
        this.splits.addAll(splits);
    }

    @Override
    public Optional<FileSourceSplit> getNext(String hostname) {
        return Optional.ofNullable(splits.pollFirst());
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> newSplits) {
        splits.addAll(newSplits);
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        return new ArrayList<>(splits);
    }
}
