package io.metricpipe.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a file the build put in the repository (node_modules, a module's target folder) from
 * whichever module's folder a test or command runs in.
 */
final class RepositoryFiles {
    private RepositoryFiles() {}

    /**
     * The file at {@code relative} under {@code metricpipe.root} or the nearest parent of the
     * working directory that has it.
     *
     * @param missing what to do when it is nowhere, for the error message
     */
    static Path locate(String relative, String missing) {
        List<Path> candidates = new ArrayList<>();
        String root = System.getProperty("metricpipe.root");
        if (root != null) {
            candidates.add(Paths.get(root));
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            candidates.add(p);
        }
        List<Path> tried = new ArrayList<>();
        for (Path dir : candidates) {
            Path file = dir.resolve(relative);
            tried.add(file);
            if (Files.isRegularFile(file)) {
                return file.toAbsolutePath();
            }
        }
        throw new IllegalStateException(missing + ". Looked at " + tried);
    }
}
