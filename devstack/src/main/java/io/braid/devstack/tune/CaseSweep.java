package io.braid.devstack.tune;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Which cases a tuning run measures: the baseline first, then either the cases the user named or the default
 * sweep, one knob family at a time around the current configuration.
 */
public final class CaseSweep {
    /**
     * The cases to run and the default candidates left out because they cannot run here.
     *
     * @param cases   the baseline first
     * @param skipped one line per candidate left out, with the reason
     */
    public record Plan(List<TuneCase> cases, List<String> skipped) {
    }

    private CaseSweep() {
    }

    /**
     * The default sweep: every pipeline model's {@code maxBatchSize} halved and doubled (within its queue),
     * {@code maxBatchDelayMs} at 0 and doubled, {@code itemsPerTask} a quarter of today's, and per pool of the
     * pipeline one more instance of each of its pipeline models and 2 intra-op threads. Candidates that break
     * a rule of {@link TuneConfig#refusals} on this machine are left out and listed.
     */
    public static Plan defaults(TuneConfig current, int cores, int maxPerCore) {
        List<List<Setting>> candidates = new ArrayList<>();
        List<String> models = current.pipelineModels();
        candidates.add(forAll(current, "maxBatchSize", m -> Math.max(1, m.maxBatchSize() / 2)));
        candidates.add(forAll(current, "maxBatchSize", m -> Math.min(m.maxQueueSize(), m.maxBatchSize() * 2)));
        candidates.add(forAll(current, "maxBatchDelayMs", m -> 0));
        candidates.add(forAll(current, "maxBatchDelayMs", m -> Math.max(1, m.maxBatchDelayMs() * 2)));
        candidates.add(List.of(new Setting(Setting.PIPELINE, "itemsPerTask", Math.max(1, current.itemsPerTask() / 4))));
        for (String pool : current.pipelinePools()) {
            List<String> inPool = models.stream().filter(m -> current.models().get(m).pool().equals(pool)).toList();
            for (String m : inPool) {
                candidates.add(List.of(new Setting(m, "instances", current.models().get(m).instances() + 1)));
            }
            int threads = current.intraOpThreads(pool);
            candidates.add(List.of(new Setting(inPool.get(0), "threads", threads == 1 ? 2 : threads * 2)));
        }
        List<TuneCase> cases = new ArrayList<>(List.of(new TuneCase("c0", List.of())));
        List<String> skipped = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (List<Setting> settings : candidates) {
            List<Setting> changes = settings.stream().filter(s -> changes(current, s)).toList();
            String key = changes.toString();
            if (changes.isEmpty() || !seen.add(key)) {
                continue;
            }
            TuneCase c = new TuneCase("c" + cases.size(), changes);
            List<String> why = current.apply(changes).refusals(cores, maxPerCore);
            if (why.isEmpty()) {
                cases.add(c);
            } else {
                skipped.add(c.describe() + ": " + String.join("; ", why));
            }
        }
        return new Plan(renumber(cases), skipped);
    }

    /**
     * The baseline plus the cases of {@code spec}: cases separated by {@code ;}, settings of one case by
     * {@code ,}, e.g. {@code digits-lenet.instances=2;itemsPerTask=8,digits-mlp.maxBatchSize=64}.
     *
     * @throws IllegalArgumentException naming every setting that cannot run here (nothing is run then)
     */
    public static Plan named(TuneConfig current, String spec, int cores, int maxPerCore) {
        List<TuneCase> cases = new ArrayList<>(List.of(new TuneCase("c0", List.of())));
        List<String> refused = new ArrayList<>();
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            List<Setting> settings = Setting.parseAll(part);
            TuneCase c = new TuneCase("c" + cases.size(), settings);
            List<String> why = current.apply(settings).refusals(cores, maxPerCore);
            why.forEach(w -> refused.add("case '" + c.describe() + "': " + w));
            cases.add(c);
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("refused, nothing was run (" + cores + " cores):\n  "
                    + String.join("\n  ", refused));
        }
        return new Plan(cases, List.of());
    }

    private static boolean changes(TuneConfig current, Setting s) {
        if (s.pipelineKnob()) {
            return current.itemsPerTask() != s.value();
        }
        TuneConfig.Model m = current.models().get(s.model());
        return switch (s.knob()) {
            case "instances" -> m.instances() != s.value();
            case "threads" -> m.threads() != s.value();
            case "maxBatchSize" -> m.maxBatchSize() != s.value();
            default -> m.maxBatchDelayMs() != s.value();
        };
    }

    private static List<Setting> forAll(TuneConfig current, String knob, ToIntFunction<TuneConfig.Model> value) {
        return current.pipelineModels().stream()
                .map(m -> new Setting(m, knob, value.applyAsInt(current.models().get(m)))).toList();
    }

    private static List<TuneCase> renumber(List<TuneCase> cases) {
        List<TuneCase> out = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            out.add(new TuneCase("c" + i, cases.get(i).settings()));
        }
        return out;
    }
}
