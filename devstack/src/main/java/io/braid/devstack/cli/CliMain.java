package io.braid.devstack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./braid submit|get|watch|cancel|pipelines}: the gateway's API for people. Prints tables (or the JSON
 * with {@code --json}), draws live progress for {@code submit --follow} and {@code watch}, and exits with the
 * job's status ({@link ExitCode}). The gateway and key come from {@link CliSettings}.
 */
public final class CliMain {
    static final String USAGE = """
            usage: ./braid <command> [options]
              submit PIPELINE FILE...   one job with each file as an input (id = the file's name, image = its bytes);
                                        prints the job id, or with --wait the result, with --follow live progress
                                        then the result
                  [--wait | --follow] [--json] [--deadline-ms N] [--priority N] [--idempotency-key K] [--timeout S]
              get JOB                   the job's status and, once finished, its result table  [--json]
              watch JOB                 live progress per branch with ETA until the job ends, then the result
                                        [--json] [--timeout S]
              cancel JOB                cancel a queued or running job  [--json]
              pipelines                 the pipelines this key may use: branches, models, pools, join policy  [--json]
            options: --url URL  --key KEY  (else BRAID_URL, BRAID_API_KEY, then url= and key= in
                     $XDG_CONFIG_HOME/braid/config (~/.config/braid/config), then the local stack of ./braid up)
                     --timeout S: how long --wait, --follow and watch wait (default: until the job ends)
            exit status: 0 done (the job SUCCEEDED), 1 gateway unreachable, 2 usage, 3 HTTP error (detail on stderr),
                         4 job not finished, 10 PARTIAL, 11 FAILED, 12 EXPIRED, 13 CANCELLED
            """;
    private static final long POLL_MS = 500;

    /** Where progress may be drawn with ANSI redraws: whether stdout and stderr are terminals. */
    record Terminals(boolean out, boolean err) {
        static Terminals detect() {
            String out = System.getProperty("braid.cli.stdout.tty");
            String err = System.getProperty("braid.cli.stderr.tty");
            return new Terminals(out == null ? System.console() != null : Boolean.parseBoolean(out),
                    Boolean.parseBoolean(err));
        }
    }

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Terminals terminals;

    CliMain(Map<String, String> env, PrintStream out, PrintStream err, Terminals terminals) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.terminals = terminals;
    }

    /** Runs one command; exits with its status. */
    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Runs one command with {@code env} as the environment, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return new CliMain(env, out, err, Terminals.detect()).run(args);
    }

    int run(String[] args) {
        try {
            if (args.length == 0 || Set.of("help", "-h", "--help").contains(args[0])) {
                (args.length == 0 ? err : out).print(USAGE);
                return args.length == 0 ? ExitCode.USAGE : ExitCode.OK;
            }
            CliArgs cli = CliArgs.parse(args);
            if (cli.has("help")) {
                out.print(USAGE);
                return ExitCode.OK;
            }
            return switch (cli.command()) {
                case "submit" -> submit(cli);
                case "get" -> get(cli);
                case "watch" -> watch(cli);
                case "cancel" -> cancel(cli);
                case "pipelines" -> pipelines(cli);
                default -> throw CliException.usage("unknown command '" + cli.command() + "'");
            };
        } catch (CliException e) {
            err.println("braid: " + e.getMessage());
            if (e.exitCode() == ExitCode.USAGE) {
                err.println("(./braid help lists the commands and options)");
            }
            return e.exitCode();
        } catch (RuntimeException e) {
            err.println("braid: " + e);
            return ExitCode.ERROR;
        }
    }

    private GatewayClient client(CliArgs cli) {
        String repo = env.get("BRAID_REPO");
        return new GatewayClient(CliSettings.resolve(cli.value("url"), cli.value("key"), env,
                repo == null || repo.isBlank() ? null : Path.of(repo)));
    }

    private int submit(CliArgs cli) {
        cli.only(Set.of("wait", "follow", "json", "deadline-ms", "priority", "idempotency-key", "timeout"));
        if (cli.positionals().size() < 2) {
            throw CliException.usage("submit needs a pipeline and at least one file: ./braid submit PIPELINE FILE...");
        }
        if (cli.has("wait") && cli.has("follow")) {
            throw CliException.usage("--wait and --follow exclude each other (--follow waits too, showing progress)");
        }
        String pipeline = cli.positionals().get(0);
        String body = body(cli.positionals().subList(1, cli.positionals().size()), cli.number("deadline-ms", 1, Long.MAX_VALUE),
                cli.number("priority", 0, 1000));
        String idempotencyKey = cli.value("idempotency-key");
        Duration timeout = timeout(cli);
        GatewayClient client = client(cli);
        long waitSeconds = cli.has("wait") ? Math.max(1, Math.min(30, timeout == null ? 30 : timeout.toSeconds())) : 0;
        long started = System.nanoTime();
        JsonNode accepted = client.submit(pipeline, body, idempotencyKey, waitSeconds);
        String jobId = accepted.path("jobId").asText();
        if (cli.has("follow")) {
            return follow(client, jobId, cli.has("json"), remaining(timeout, started));
        }
        if (!cli.has("wait")) {
            if (cli.has("json")) {
                printJson(accepted);
            } else {
                out.println(jobId);
            }
            return ExitCode.OK;
        }
        JsonNode job = accepted;
        while (!ExitCode.terminal(job.path("status").asText()) && !expired(timeout, started)) {
            pause();
            job = client.job(jobId);
        }
        return show(job, cli.has("json"));
    }

    private int get(CliArgs cli) {
        cli.only(Set.of("json"));
        return show(client(cli).job(jobArgument(cli)), cli.has("json"));
    }

    private int watch(CliArgs cli) {
        cli.only(Set.of("json", "timeout"));
        String jobId = jobArgument(cli);
        return follow(client(cli), jobId, cli.has("json"), timeout(cli));
    }

    private int cancel(CliArgs cli) {
        cli.only(Set.of("json"));
        String jobId = jobArgument(cli);
        JsonNode answer = client(cli).cancel(jobId);
        if (cli.has("json")) {
            printJson(answer);
        } else if (answer.path("cancelRequested").asBoolean(false)) {
            out.println("job " + jobId + " " + answer.path("status").asText()
                    + ": cancel requested; its remaining work is skipped (./braid get " + jobId + ")");
        } else {
            out.println(JobTable.statusLine(answer));
        }
        return ExitCode.OK;
    }

    private int pipelines(CliArgs cli) {
        cli.only(Set.of("json"));
        if (!cli.positionals().isEmpty()) {
            throw CliException.usage("pipelines takes no arguments");
        }
        JsonNode answer = client(cli).pipelines();
        if (cli.has("json")) {
            printJson(answer);
        } else {
            JobTable.pipelines(answer, out);
        }
        return ExitCode.OK;
    }

    /** Live progress on stdout (on stderr with --json, so that stdout is the JSON alone), then the result. */
    private int follow(GatewayClient client, String jobId, boolean json, Duration timeout) {
        PrintStream progress = json ? err : out;
        boolean ansi = (json ? terminals.err() : terminals.out()) && !"dumb".equals(env.get("TERM"));
        ProgressView view = new ProgressView(jobId, progress, ansi, () -> System.nanoTime() / 1_000_000);
        JsonNode job = new JobFollower(client, view).follow(jobId, timeout);
        if (!json) {
            out.println();
        }
        return show(job, json);
    }

    private int show(JsonNode job, boolean json) {
        if (json) {
            printJson(job);
        } else {
            JobTable.job(job, out);
        }
        return ExitCode.of(job.path("status").asText());
    }

    private String jobArgument(CliArgs cli) {
        if (cli.positionals().size() != 1) {
            throw CliException.usage(cli.command() + " needs one job id: ./braid " + cli.command() + " JOB");
        }
        return cli.positionals().get(0);
    }

    /** The job's body: one input per file, id = the file's name, image = base64 of its bytes. */
    static String body(List<String> files, Long deadlineMs, Long priority) {
        ObjectNode body = GatewayClient.JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        Map<String, String> seen = new HashMap<>();
        for (String file : files) {
            Path path = Path.of(file);
            String id = path.getFileName() == null ? file : path.getFileName().toString();
            String before = seen.put(id, file);
            if (before != null) {
                throw CliException.usage("'" + before + "' and '" + file + "' would both be input '" + id
                        + "': an input's id is its file name, which must be unique in a job");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(path);
            } catch (IOException e) {
                throw CliException.usage("cannot read '" + file + "': " + e.getMessage());
            }
            inputs.addObject().put("id", id).put("image", Base64.getEncoder().encodeToString(bytes));
        }
        if (deadlineMs != null) {
            body.put("deadlineMs", deadlineMs);
        }
        if (priority != null) {
            body.put("priority", priority);
        }
        return body.toString();
    }

    private static Duration timeout(CliArgs cli) {
        Long seconds = cli.number("timeout", 1, 7 * 24 * 3600);
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    private static Duration remaining(Duration timeout, long startedNanos) {
        return timeout == null ? null : timeout.minusNanos(System.nanoTime() - startedNanos);
    }

    private static boolean expired(Duration timeout, long startedNanos) {
        return timeout != null && System.nanoTime() - startedNanos >= timeout.toNanos();
    }

    private void printJson(JsonNode node) {
        try {
            out.println(GatewayClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (IOException e) {
            throw new CliException(ExitCode.ERROR, "cannot print JSON: " + e.getMessage());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.ERROR, "interrupted");
        }
    }
}
