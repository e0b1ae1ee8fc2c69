package io.braid.common.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The text of a Lua script shipped on the classpath under {@code /lua/} (the services' and common's jars). */
public final class LuaSource {
    private LuaSource() {
    }

    /** The script {@code /lua/<name>}; fails at once (a service must not start without its scripts). */
    public static String load(String name) {
        try (InputStream in = LuaSource.class.getResourceAsStream("/lua/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script /lua/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
