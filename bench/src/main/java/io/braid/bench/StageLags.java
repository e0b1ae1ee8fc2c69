package io.braid.bench;

import io.braid.devstack.DevStack;
import io.braid.devstack.ServiceProcess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each task stage says a hop cost in a window, from its own metrics: the mean time from a
 * record's producer timestamp to the stage taking it up ({@code braid_stage_arrival}), and from
 * handing its outputs to the producer to the broker's acknowledgement ({@code braid_stage_send}).
 */
final class StageLags {
    private final DevStack stack;
    private final GatewayClient client;
    private final Map<String, Map<String, Double>> before = new LinkedHashMap<>();

    StageLags(DevStack stack, GatewayClient client) throws Exception {
        this.stack = stack;
        this.client = client;
        for (ServiceProcess s : stages()) {
            before.put(s.name(), scrape(s));
        }
    }

    private List<ServiceProcess> stages() {
        return stack.services().stream().filter(s -> s.name().startsWith("inference-") || s.name().equals("preprocess")
                || s.name().equals("postprocess")).toList();
    }

    private Map<String, Double> scrape(ServiceProcess s) throws Exception {
        return PromText.parse(client.get(s.managementUrl() + "/q/metrics"));
    }

    /** Rows: service, records taken up, mean arrival ms, mean send-to-ack ms (services that saw records only). */
    List<List<String>> rows() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (ServiceProcess s : stages()) {
            Map<String, Double> now = scrape(s);
            Map<String, Double> then = before.get(s.name());
            double n = delta(now, then, "braid_stage_arrival_seconds_count");
            if (n <= 0) {
                continue;
            }
            double arrival = delta(now, then, "braid_stage_arrival_seconds_sum") / n * 1000;
            double sends = delta(now, then, "braid_stage_send_seconds_count");
            double send = sends <= 0 ? 0 : delta(now, then, "braid_stage_send_seconds_sum") / sends * 1000;
            rows.add(List.of(s.name(), Long.toString(Math.round(n)), Report.ms(arrival), Report.ms(send)));
        }
        return rows;
    }

    private static double delta(Map<String, Double> now, Map<String, Double> then, String name) {
        return PromText.sum(now, name, null) - PromText.sum(then, name, null);
    }
}
