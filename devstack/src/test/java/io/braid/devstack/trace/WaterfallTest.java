package io.braid.devstack.trace;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WaterfallTest {
    static final String T = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String U = "0af7651916cd43dd8448eb211c80319c";

    static TraceSpan span(String trace, String id, String parent, String name, String service, long startMs, long endMs,
                          TraceSpan.Link... links) {
        return new TraceSpan(trace, id, parent, name, service, startMs * 1_000_000, endMs * 1_000_000,
                Map.of("braid.job.id", "job-1"), List.of(links), false);
    }

    private static TraceStore storeWithABatchOfTwoJobs() {
        TraceStore store = new TraceStore(10);
        store.add(List.of(
                span(T, "0000000000000001", "", "accept", "braid-gateway", 0, 5),
                span(T, "0000000000000002", "0000000000000001", "plan", "braid-dispatcher", 6, 8),
                span(T, "0000000000000003", "0000000000000002", "inference", "braid-inference", 9, 40),
                span(T, "0000000000000004", "0000000000000003", "inference work", "braid-inference", 10, 38),
                span(T, "0000000000000006", "0000000000000001", "join", "braid-dispatcher", 45, 50)));
        // the batch belongs to the other job's trace and links to this job's work span
        store.add(List.of(span(U, "00000000000000a1", "", "accept", "braid-gateway", 0, 3),
                span(U, "00000000000000a2", "00000000000000a1", "batch digits-cnn", "braid-inference", 20, 30,
                        new TraceSpan.Link(U, "00000000000000a1"), new TraceSpan.Link(T, "0000000000000004"))));
        return store;
    }

    @Test
    void childrenSitUnderTheirParentInStartOrderAndALinkedBatchUnderTheSpanItLinksTo() {
        Waterfall w = new Waterfall(storeWithABatchOfTwoJobs().withLinked(T));

        assertThat(w.rows()).extracting(r -> "  ".repeat(r.depth()) + r.span().name() + (r.linked() ? " (linked)" : ""))
                .containsExactly("accept", "  plan", "    inference", "      inference work",
                        "        batch digits-cnn (linked)", "  join");
    }

    @Test
    void theTextWaterfallShowsServiceOffsetDurationAndABarPerSpan() {
        String text = new Waterfall(storeWithABatchOfTwoJobs().withLinked(T)).text("job-1", 20);

        assertThat(text).contains("trace " + T, "50.0 ms", "6 spans");
        assertThat(text.lines().filter(l -> l.startsWith("  join"))).singleElement().satisfies(l -> {
            assertThat(l).contains("dispatcher", "45.0ms", "5.0ms");
            assertThat(l).endsWith("|" + " ".repeat(18) + "██|");
        });
    }

    @Test
    void theHtmlPageIsSelfContainedAndEscapesNames() {
        TraceStore store = new TraceStore(10);
        store.add(List.of(span(T, "0000000000000001", "", "POST /v1/<p>/jobs", "braid-gateway", 0, 5)));

        String page = WaterfallHtml.page(new Waterfall(store.withLinked(T)), "job-1");

        assertThat(page).contains("POST /v1/&lt;p&gt;/jobs").doesNotContain("<script", "src=", "href=");
    }

    @Test
    void theStoreForgetsTheOldestTracesBeyondItsSize() {
        TraceStore store = new TraceStore(1);
        store.add(List.of(span(T, "0000000000000001", "", "accept", "braid-gateway", 0, 5)));
        store.add(List.of(span(U, "0000000000000002", "", "accept", "braid-gateway", 0, 5)));

        assertThat(store.size()).isEqualTo(1);
        assertThat(store.spans(T)).isEmpty();
    }
}
