package io.braid.devstack.trace;

import java.util.Map;
import java.util.stream.Collectors;

/** The waterfall as one self-contained HTML page (no scripts or resources from elsewhere). */
public final class WaterfallHtml {
    private WaterfallHtml() {
    }

    public static String page(Waterfall w, String jobId) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>braid trace ").append(esc(jobId))
                .append("</title>\n<style>\nbody{font:13px system-ui,sans-serif;margin:1.5em}"
                        + "table{border-collapse:collapse;width:100%}td,th{padding:2px 6px;white-space:nowrap;text-align:left}"
                        + "tr:nth-child(even){background:#f6f6f6}td.num{text-align:right;font-variant-numeric:tabular-nums}"
                        + "td.tl{width:50%}.track{position:relative;height:12px}"
                        + ".bar{position:absolute;height:12px;border-radius:2px;min-width:2px}"
                        + ".linked{opacity:.55}.error{outline:2px solid #c00}"
                        + "details{color:#555;font-size:12px}\n</style></head><body>\n");
        b.append("<h2>job ").append(esc(jobId)).append("</h2>\n<p>trace <code>").append(esc(w.trace().traceId()))
                .append("</code> · ").append(String.format("%.1f ms", w.totalNanos() / 1e6)).append(" · ")
                .append(w.rows().size()).append(" spans").append(w.trace().linked().isEmpty() ? ""
                        : " · spans of other traces that link into this one are faded").append("</p>\n");
        b.append("<table><tr><th>span</th><th>service</th><th>start</th><th>duration</th><th>timeline</th></tr>\n");
        for (Waterfall.Row r : w.rows()) {
            TraceSpan s = r.span();
            double left = 100.0 * w.offsetNanos(s) / w.totalNanos();
            double width = Math.max(0.2, 100.0 * s.durationNanos() / w.totalNanos());
            String attrs = s.attributes().entrySet().stream().map(Map.Entry::toString).collect(Collectors.joining(", "));
            b.append("<tr").append(r.linked() ? " class=\"linked\"" : "").append("><td style=\"padding-left:")
                    .append(6 + 16 * r.depth()).append("px\" title=\"").append(esc(attrs)).append("\">")
                    .append(esc(s.name())).append("</td><td>").append(esc(Waterfall.service(s))).append("</td>")
                    .append(String.format("<td class=\"num\">%.1f ms</td><td class=\"num\">%.1f ms</td>",
                            w.offsetNanos(s) / 1e6, s.durationNanos() / 1e6))
                    .append("<td class=\"tl\"><div class=\"track\"><div class=\"bar").append(s.error() ? " error" : "")
                    .append(String.format("\" style=\"left:%.3f%%;width:%.3f%%;background:%s\"></div></div></td></tr>%n",
                            Math.min(left, 99.8), Math.min(width, 100 - Math.min(left, 99.8)), color(Waterfall.service(s))));
        }
        b.append("</table>\n<details><summary>how to read this</summary>Each row is a span: a child sits under its parent, "
                + "in start order. <code>&lt;stage&gt; consume</code> is the time from the previous stage's send to the "
                + "start of the work (broker, poll, waiting for a permit); <code>queue wait</code> is the time in the "
                + "model's batch queue; <code>batch &lt;model&gt;</code> is the model call, linked to every task it "
                + "carried. Hover a span's name for its attributes.</details>\n</body></html>\n");
        return b.toString();
    }

    private static String color(String service) {
        return switch (service) {
            case "gateway" -> "#4e79a7";
            case "dispatcher" -> "#f28e2b";
            case "preprocess" -> "#59a14f";
            case "postprocess" -> "#b07aa1";
            default -> service.startsWith("inference") ? "#e15759" : "#76b7b2";
        };
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
