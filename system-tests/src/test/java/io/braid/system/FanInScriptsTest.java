package io.braid.system;

import io.braid.devstack.BundledRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.file.Path;

/** The fan-in scripts' contract ({@link FanInScriptsContract}) on one standalone Redis. */
class FanInScriptsTest extends FanInScriptsContract {
    @TempDir
    static Path work;
    private static BundledRedis redis;
    private static Jedis jedis;

    @BeforeAll
    static void startRedis() throws IOException {
        redis = BundledRedis.start(0, work, work.resolve("redis.log"));
        jedis = new Jedis("127.0.0.1", redis.port());
    }

    @AfterAll
    static void stopRedis() {
        if (jedis != null) {
            jedis.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    Jedis on(String key) {
        return jedis;
    }
}
