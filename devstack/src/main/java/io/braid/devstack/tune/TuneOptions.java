package io.braid.devstack.tune;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The options of {@code ./braid tune}.
 *
 * @param pipeline the pipeline to tune
 * @param repeats  measured windows per case (at least 3)
 * @param window   length of one measured window
 * @param warmup   one warm-up window before a case's repeats (repeated until two agree), not measured
 * @param stackWarmup one window of the fresh stack's warm-up before the first case, not measured
 * @param clients  closed-loop callers
 * @param items    images per job
 * @param out      where the report goes; null for {@code bench/tune/<pipeline>}
 * @param cases    the cases instead of the default sweep; null for the default
 * @param images   folder of PNG/JPEG inputs; null for {@code models/digits-heldout}
 * @param dryRun   print the plan only
 */
record TuneOptions(String pipeline, int repeats, Duration window, Duration warmup, Duration stackWarmup, int clients, int items, Path out,
                   String cases, Path images, boolean dryRun) {

    static TuneOptions parse(String[] args) {
        String pipeline = null;
        int repeats = 3;
        int clients = 8;
        int items = 16;
        Duration window = Duration.ofSeconds(10);
        Duration warmup = Duration.ofSeconds(5);
        Duration stackWarmup = Duration.ofSeconds(20);
        Path out = null;
        Path images = null;
        String cases = null;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--dry-run")) {
                dryRun = true;
                continue;
            }
            if (!a.startsWith("--")) {
                if (pipeline != null) {
                    throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + TuneMain.USAGE);
                }
                pipeline = a;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value\n" + TuneMain.USAGE);
            }
            String v = args[++i];
            switch (a) {
                case "--repeats" -> repeats = positive(a, v);
                case "--clients" -> clients = positive(a, v);
                case "--items" -> items = positive(a, v);
                case "--window" -> window = duration(a, v);
                case "--warmup" -> warmup = duration(a, v);
                case "--stack-warmup" -> stackWarmup = duration(a, v);
                case "--out" -> out = Path.of(v).toAbsolutePath();
                case "--images" -> images = Path.of(v).toAbsolutePath();
                case "--cases" -> cases = v;
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + TuneMain.USAGE);
            }
        }
        if (pipeline == null) {
            throw new IllegalArgumentException("which pipeline? e.g. ./braid tune digits\n" + TuneMain.USAGE);
        }
        if (repeats < 3) {
            throw new IllegalArgumentException("--repeats must be at least 3: the spread between repeats decides "
                    + "whether a case is trusted");
        }
        return new TuneOptions(pipeline, repeats, window, warmup, stackWarmup, clients, items, out, cases, images, dryRun);
    }

    private static int positive(String name, String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive integer, got '" + v + "'");
    }

    /** {@code 10s}, {@code 1500ms}, {@code 2m} or plain seconds. */
    static Duration duration(String name, String v) {
        String t = v.trim();
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            }
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a duration such as 10s or 1500ms, got '" + v + "'");
    }
}
