package io.braid.devstack.tune;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The markdown report of a run: the setup, one table row per case, the verdict and the recommended patch. */
final class TuneReport {
    /**
     * How the run was done.
     *
     * @param pipeline  the pipeline tuned
     * @param started   when the run began (UTC, ISO)
     * @param cores     the processors the JVM sees
     * @param maxPerCore the pools' max-threads-per-core rule
     * @param clients   closed-loop callers
     * @param items     images per job
     * @param windowS   seconds per repeat
     * @param warmupS   seconds of one warm-up window before a case's repeats
     * @param stackWarmupS seconds of load on the fresh stack before the first case
     * @param repeats   repeats per case
     */
    record Setup(String pipeline, String started, int cores, int maxPerCore, int clients, int items, double windowS,
                 double warmupS, double stackWarmupS, int repeats) {
    }

    private TuneReport() {
    }

    static String markdown(Setup s, List<Verdicts.Judged> judged, List<String> skipped,
                           Map<String, List<String>> restarts, String patch, double minutes) {
        StringBuilder out = new StringBuilder();
        out.append("# Tuning of pipeline `").append(s.pipeline()).append("`\n\n");
        out.append("`./braid tune ").append(s.pipeline()).append("` of ").append(s.started()).append(", ")
                .append(String.format("%.1f", minutes)).append(" min. Machine: ").append(s.cores())
                .append(" cores (`nproc`), shared with other work, so timings are noisy. Load per repeat: a closed loop of ")
                .append(s.clients()).append(" clients, each POSTing `?wait=60` jobs of ").append(s.items())
                .append(" images from `models/digits-heldout`, for ").append(fmt(s.windowS())).append(" s; ")
                .append(s.repeats()).append(" repeats per case; first the fresh stack is warmed up in windows of ")
                .append(fmt(s.stackWarmupS())).append(" s until two in a row agree within 5 % (at least 3, at most ")
                .append(TuneMain.MAX_STACK_WARMUP_WINDOWS).append("), then before each case warm-up windows of ").append(fmt(s.warmupS()))
                .append(" s (until two in a row agree within 10 %, at most ").append(TuneMain.MAX_WARMUP_WINDOWS)
                .append("). `c0` is measured first and ")
                .append("again last (its repeats are both runs), so a stack that warms up or a box that gets busier ")
                .append("during the sweep shows as the baseline's spread, not as a gain. Each case runs on the same stack with only its affected services restarted ")
                .append("against an overlay copy of `models/` and `pipelines/` (see docs/architecture.md, *Tuning*).\n\n");
        out.append("Rules: items/s is the mean over the repeats; spread = (max − min) / mean of the repeats' items/s, ")
                .append("trusted at ≤ ").append(fmt(Verdicts.MAX_SPREAD_PERCENT)).append(" %; a case with any failed ")
                .append("request or job not SUCCEEDED is rejected; p50/p99 are per job (POST to answer) over all ")
                .append("repeats; gain is against `c0`, the current configuration; recommended only at ≥ ")
                .append(fmt(Verdicts.MIN_GAIN_PERCENT)).append(" % gain, trusted and failure-free, against a trusted ")
                .append("and failure-free baseline.\n\n");
        out.append("| case | changes | items/s | repeats (items/s) | spread | p50 ms | p99 ms | jobs | failures | gain | verdict |\n");
        out.append("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Verdicts.Judged j : judged) {
            CaseResult r = j.result();
            String spread = String.format("%.1f %%", r.spreadPercent());
            String verdict = j.verdict().text();
            if (j.verdict() == Verdicts.Verdict.BASELINE && (r.failures() > 0 || r.spreadPercent() > Verdicts.MAX_SPREAD_PERCENT)) {
                verdict += r.failures() > 0 ? "; has failures" : "; not trusted";
            }
            out.append("| ").append(r.tuneCase().name()).append(" | ").append(r.tuneCase().describe().replace("|", "\\|"))
                    .append(" | ").append(String.format("%.1f", r.throughput()))
                    .append(" | ").append(String.join(", ", r.repeats().stream()
                            .map(x -> String.format("%.1f", x.itemsPerSecond())).toList()))
                    .append(" | ").append(r.spreadPercent() > Verdicts.MAX_SPREAD_PERCENT ? "**" + spread + "**" : spread)
                    .append(" | ").append(String.format("%.0f", r.p50())).append(" | ").append(String.format("%.0f", r.p99()))
                    .append(" | ").append(r.jobs()).append(" | ").append(r.failures())
                    .append(" | ").append(j.verdict() == Verdicts.Verdict.BASELINE ? "—" : String.format("%+.1f %%", j.gainPercent()))
                    .append(" | ").append(verdict).append(" |\n");
        }
        Optional<Verdicts.Judged> best = Verdicts.best(judged);
        out.append("\n## Verdict\n\n");
        if (best.isPresent()) {
            CaseResult r = best.get().result();
            out.append("Recommended: **").append(r.tuneCase().name()).append("** (").append(r.tuneCase().describe())
                    .append("), ").append(String.format("%+.1f %%", best.get().gainPercent()))
                    .append(" items/s over the current configuration, spread ")
                    .append(String.format("%.1f %%", r.spreadPercent())).append(", no failures. `recommended.patch` ")
                    .append("holds the change (`git apply bench/tune/").append(s.pipeline()).append("/recommended.patch`).\n");
        } else {
            out.append("No case is recommended: none is failure-free and trusted with ≥ ")
                    .append(fmt(Verdicts.MIN_GAIN_PERCENT)).append(" % gain over the current configuration. ")
                    .append("Keep the current configuration; `recommended.patch` is empty.\n");
        }
        if (!skipped.isEmpty()) {
            out.append("\n## Not run: settings that cannot run on this machine\n\n");
            skipped.forEach(line -> out.append("- ").append(line).append('\n'));
        }
        out.append("\n## Services restarted per case\n\n");
        restarts.forEach((name, services) -> out.append("- ").append(name).append(": ")
                .append(services.isEmpty() ? "none (the stack as started)" : String.join(", ", services)).append('\n'));
        boolean anyFailures = judged.stream().anyMatch(j -> !j.result().failureSamples().isEmpty());
        if (anyFailures) {
            out.append("\n## Failures (first of each case)\n\n");
            judged.stream().filter(j -> !j.result().failureSamples().isEmpty()).forEach(j -> out.append("- ")
                    .append(j.result().tuneCase().name()).append(": ").append(j.result().failureSamples().get(0))
                    .append('\n'));
        }
        if (!patch.isEmpty()) {
            out.append("\n## recommended.patch\n\n```diff\n").append(patch).append("```\n");
        }
        out.append("\nChart: `chart.png` (p99 against items/s per case; bars from the slowest to the fastest repeat).\n");
        return out.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
