package io.braid.common.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tenants file: which API key belongs to which tenant. Keys are stored only as SHA-256 hashes, so the
 * file (mounted from a Secret) never holds a usable key. Format (YAML):
 *
 * <pre>
 * tenants:
 *   - name: team-a
 *     keys: ["sha256:9f86d081884c7d65..."]   # ApiKeys.hash(key); ./braid key prints one
 *     pipelines: ["digits", "digits-first"]  # or ["*"]
 *     maxPriority: 5                          # 0-9, default 9
 *     quota: {requestsPerSecond: 50, itemsPerSecond: 500, maxItemsInFlight: 2000}   # 0 or absent: unlimited
 * </pre>
 */
public final class ApiKeys {
    /** Highest priority a job can have. */
    public static final int MAX_PRIORITY = 9;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Set<String> TENANT_FIELDS = Set.of("name", "keys", "pipelines", "maxPriority", "quota");
    private static final Set<String> QUOTA_FIELDS = Set.of("requestsPerSecond", "itemsPerSecond", "maxItemsInFlight");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, Tenant> byHash;
    private final List<Tenant> tenants;

    private ApiKeys(List<Tenant> tenants) {
        this.tenants = List.copyOf(tenants);
        Map<String, Tenant> map = new HashMap<>();
        tenants.forEach(t -> t.keyHashes().forEach(h -> map.put(h, t)));
        this.byHash = Map.copyOf(map);
    }

    /** {@code sha256:<64 hex digits>} of a key. */
    public static String hash(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tenant an API key belongs to; empty for an unknown key. */
    public Optional<Tenant> tenantOf(String apiKey) {
        return apiKey == null || apiKey.isEmpty() ? Optional.empty() : Optional.ofNullable(byHash.get(hash(apiKey)));
    }

    /** Every tenant, in file order. */
    public List<Tenant> tenants() {
        return tenants;
    }

    /**
     * Parses a tenants file.
     *
     * @param source the file's name, for messages
     * @throws IllegalArgumentException naming the file, the field and what is wrong
     */
    public static ApiKeys parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.path("tenants").isArray()) {
            throw new IllegalArgumentException(source + ": needs a list 'tenants'");
        }
        List<Tenant> tenants = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        int i = 0;
        for (JsonNode t : root.path("tenants")) {
            String at = source + ": tenants[" + i++ + "]";
            unknownFields(t, TENANT_FIELDS, at);
            String name = t.path("name").asText("");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(at + ".name '" + name + "' must be 1-63 of a-z, 0-9 and '-'");
            }
            at = source + ": tenant '" + name + "'";
            if (tenants.stream().anyMatch(other -> other.name().equals(name))) {
                throw new IllegalArgumentException(at + " is declared twice");
            }
            Set<String> keys = strings(t.path("keys"), at + ".keys");
            for (String k : keys) {
                if (!HASH.matcher(k).matches()) {
                    throw new IllegalArgumentException(at + ".keys: '" + k + "' is not sha256:<64 lowercase hex digits>"
                            + " (store hashes, never keys)");
                }
                String other = owners.put(k, name);
                if (other != null && !other.equals(name)) {
                    throw new IllegalArgumentException(at + ".keys: a key of tenant '" + other + "' too");
                }
            }
            Set<String> pipelines = strings(t.path("pipelines"), at + ".pipelines");
            int maxPriority = t.path("maxPriority").asInt(MAX_PRIORITY);
            if (maxPriority < 0 || maxPriority > MAX_PRIORITY || (t.has("maxPriority") && !t.get("maxPriority").isInt())) {
                throw new IllegalArgumentException(at + ".maxPriority must be an integer 0-" + MAX_PRIORITY);
            }
            tenants.add(new Tenant(name, keys, pipelines, maxPriority, quota(t.path("quota"), at + ".quota")));
        }
        return new ApiKeys(tenants);
    }

    private static Tenant.Quota quota(JsonNode q, String at) {
        if (q.isMissingNode() || q.isNull()) {
            return Tenant.Quota.UNLIMITED;
        }
        unknownFields(q, QUOTA_FIELDS, at);
        double rps = nonNegative(q.path("requestsPerSecond"), at + ".requestsPerSecond");
        double ips = nonNegative(q.path("itemsPerSecond"), at + ".itemsPerSecond");
        double inFlight = nonNegative(q.path("maxItemsInFlight"), at + ".maxItemsInFlight");
        return new Tenant.Quota(rps, ips, (int) inFlight);
    }

    private static double nonNegative(JsonNode n, String at) {
        if (n.isMissingNode() || n.isNull()) {
            return 0;
        }
        if (!n.isNumber() || n.asDouble() < 0) {
            throw new IllegalArgumentException(at + " must be a number >= 0 (0: unlimited), got " + n);
        }
        return n.asDouble();
    }

    private static Set<String> strings(JsonNode list, String at) {
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException(at + " must be a non-empty list");
        }
        Set<String> out = new LinkedHashSet<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void unknownFields(JsonNode node, Set<String> known, String at) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(at + " must be a mapping");
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new IllegalArgumentException(at + ": unknown field '" + f + "' (known: " + known + ")");
            }
        });
    }
}
