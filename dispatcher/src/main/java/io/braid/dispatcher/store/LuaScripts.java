package io.braid.dispatcher.store;

import io.braid.common.job.LuaSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the dispatcher's Lua scripts by their SHA-1 ({@code EVALSHA}: the body is not resent on every
 * call); a Redis that does not know a script yet (restarted, flushed) gets its body once with {@code EVAL}.
 */
final class LuaScripts {
    private final RedisDataSource redis;
    private final Map<String, String> shas = new ConcurrentHashMap<>();

    LuaScripts(RedisDataSource redis) {
        this.redis = redis;
    }

    Response eval(String script, List<String> keys, String... args) {
        String[] cmd = new String[2 + keys.size() + args.length];
        cmd[0] = sha1(script);
        cmd[1] = Integer.toString(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            cmd[2 + i] = keys.get(i);
        }
        System.arraycopy(args, 0, cmd, 2 + keys.size(), args.length);
        try {
            return redis.execute("EVALSHA", cmd);
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("NOSCRIPT")) {
                throw e;
            }
            cmd[0] = script;
            return redis.execute("EVAL", cmd);
        }
    }

    private String sha1(String script) {
        return shas.computeIfAbsent(script, s -> {
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(d);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static String load(String name) {
        return LuaSource.load(name);
    }
}
