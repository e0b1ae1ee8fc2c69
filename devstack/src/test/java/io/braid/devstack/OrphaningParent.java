package io.braid.devstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A parent JVM for {@link ChildProcessTest}: starts the command in its arguments as a {@link ChildProcess},
 * prints {@code child <pid>} and waits to be killed.
 */
public final class OrphaningParent {
    private OrphaningParent() {
    }

    /** {@code <logFile> <command...>}. */
    public static void main(String[] args) throws Exception {
        List<String> command = Arrays.asList(args).subList(1, args.length);
        ChildProcess child = ChildProcess.start("orphan", command, Map.of(), Path.of("."), Path.of(args[0]));
        System.out.println("child " + child.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
