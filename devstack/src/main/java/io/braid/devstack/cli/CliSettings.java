package io.braid.devstack.cli;

import io.braid.devstack.StackState;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the CLI finds the gateway and its API key, first match wins:
 * <ol>
 *   <li>the flags {@code --url} and {@code --key};</li>
 *   <li>the environment: {@code BRAID_URL} and {@code BRAID_API_KEY};</li>
 *   <li>the config file {@code $XDG_CONFIG_HOME/braid/config} ({@code ~/.config/braid/config} when
 *       {@code XDG_CONFIG_HOME} is unset; {@code BRAID_CONFIG} names another file): Java properties
 *       {@code url=...} and {@code key=...};</li>
 *   <li>the local stack ({@code ./braid up}): the gateway URL from its state file
 *       {@code $BRAID_HOME/stack.json} (default {@code <repo>/.braid}), the development key from its key file.</li>
 * </ol>
 * The URL and the key are resolved each on their own, except that the local stack's development key is only
 * sent to the local stack's own gateway: a URL from elsewhere never receives it.
 *
 * @param url       the gateway's base URL, without a trailing slash
 * @param key       the API key; null when none was found (the call then goes without one and the gateway says 401)
 * @param urlSource where the URL came from, for messages (e.g. {@code --url}, {@code BRAID_URL}, a file)
 * @param keySource where the key came from; {@code none} when there is none
 */
public record CliSettings(String url, String key, String urlSource, String keySource) {

    /** Names of the config file's properties. */
    public static final String URL_PROPERTY = "url";
    /** The config file's key property. */
    public static final String KEY_PROPERTY = "key";

    /**
     * Resolves the settings.
     *
     * @param flagUrl  {@code --url}, or null
     * @param flagKey  {@code --key}, or null
     * @param env      the environment
     * @param repoRoot the repository (for the default stack home {@code <repo>/.braid}); may be null
     * @throws CliException (usage) when no URL is found anywhere
     */
    public static CliSettings resolve(String flagUrl, String flagKey, Map<String, String> env, Path repoRoot) {
        Path configFile = configFile(env);
        Properties config = readConfig(configFile);
        Optional<StackState> stack = localStack(env, repoRoot);

        String url;
        String urlSource;
        if (present(flagUrl)) {
            url = flagUrl;
            urlSource = "--url";
        } else if (present(env.get("BRAID_URL"))) {
            url = env.get("BRAID_URL");
            urlSource = "BRAID_URL";
        } else if (present(config.getProperty(URL_PROPERTY))) {
            url = config.getProperty(URL_PROPERTY);
            urlSource = configFile.toString();
        } else if (stack.isPresent()) {
            url = stack.get().gatewayUrl();
            urlSource = "the local stack (" + stackHome(env, repoRoot).resolve("stack.json") + ")";
        } else {
            throw CliException.usage("no gateway URL: give --url, set BRAID_URL, put url=... in " + configFile
                    + ", or start the local stack with ./braid up");
        }
        url = trimSlashes(url.trim());
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw CliException.usage("the gateway URL from " + urlSource + " must start with http:// or https://, got '"
                    + url + "'");
        }

        String key = null;
        String keySource = "none";
        if (present(flagKey)) {
            key = flagKey;
            keySource = "--key";
        } else if (present(env.get("BRAID_API_KEY"))) {
            key = env.get("BRAID_API_KEY");
            keySource = "BRAID_API_KEY";
        } else if (present(config.getProperty(KEY_PROPERTY))) {
            key = config.getProperty(KEY_PROPERTY);
            keySource = configFile.toString();
        } else if (stack.isPresent() && trimSlashes(stack.get().gatewayUrl()).equals(url)) {
            key = stack.get().apiKey();
            keySource = key == null ? "none" : stack.get().apiKeyFile();
        }
        return new CliSettings(url, key == null ? null : key.trim(), urlSource, keySource);
    }

    /** The config file: {@code BRAID_CONFIG}, else {@code $XDG_CONFIG_HOME/braid/config}, else {@code ~/.config/braid/config}. */
    public static Path configFile(Map<String, String> env) {
        if (present(env.get("BRAID_CONFIG"))) {
            return Path.of(env.get("BRAID_CONFIG"));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = present(xdg) && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("braid").resolve("config");
    }

    private static Properties readConfig(Path file) {
        Properties properties = new Properties();
        if (!Files.isRegularFile(file)) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the config file " + file, e);
        }
        return properties;
    }

    /** The local stack's state when a stack with services is up and ready. */
    private static Optional<StackState> localStack(Map<String, String> env, Path repoRoot) {
        Path home = stackHome(env, repoRoot);
        if (home == null) {
            return Optional.empty();
        }
        try {
            return StackState.read(home.resolve("stack.json"))
                    .filter(s -> StackState.READY.equals(s.status()) && s.gatewayUrl() != null)
                    .filter(StackState::stackAlive);
        } catch (UncheckedIOException unreadable) {
            return Optional.empty();
        }
    }

    private static Path stackHome(Map<String, String> env, Path repoRoot) {
        if (present(env.get("BRAID_HOME"))) {
            return Path.of(env.get("BRAID_HOME")).toAbsolutePath();
        }
        return repoRoot == null ? null : repoRoot.resolve(".braid");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String trimSlashes(String url) {
        return url.replaceAll("/+$", "");
    }
}
