package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.docingest.config.YamlConfig;
import io.docingest.support.Fixtures;
import io.docingest.support.RunningDaemon;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What can be checked of deploy/ without an AWS account: the scripts, the unit and the template pass
 * their linters, every reference in the CloudFormation template resolves, it embeds user-data.sh as
 * it is, the queues match config, and the worker role grants exactly the AWS actions a running
 * daemon was seen to call.
 */
class DeployTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DEPLOY = Path.of("deploy");

    /**
     * Worker role policies whose actions no daemon calls, so the exact-actions check leaves them out:
     * user-data fetches the bundle before the daemon exists, and the CloudWatch agent ships the logs.
     * Their scope is checked by tests of their own.
     */
    private static final Set<String> NOT_THE_DAEMONS = Set.of("doc-ingest-release-bundle", "doc-ingest-log-shipping");

    /**
     * Used by the lifecycle code, issue 16 (health reports, scale-in protection, the launch and drain
     * hooks): granted in policy doc-ingest-lifecycle ahead of the code that calls them. Exempt from
     * "granted but never called" and from nothing else; strike each one off here once the daemon in
     * the test calls it.
     */
    private static final Set<String> USED_BY_LIFECYCLE_CODE_ISSUE_16 = Set.of(
            "autoscaling:SetInstanceHealth", "autoscaling:SetInstanceProtection",
            "autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat");

    private static JsonNode template;

    @BeforeAll
    static void parse() throws Exception {
        template = YAML.readTree(DEPLOY.resolve("cloudformation.yaml").toFile());
    }

    @Test
    void scriptsPassShellcheck() throws Exception {
        List<String> command = new ArrayList<>(List.of("shellcheck", "--severity=style"));
        command.addAll(List.of("deploy/user-data.sh", "bench/run", ".ci/run"));
        assertThat(run(command)).as("shellcheck").isEmpty();
    }

    @Test
    void theUnitPassesSystemdAnalyzeAndDrainsWithinItsStopTimeout() throws Exception {
        assertThat(run(List.of("systemd-analyze", "verify", "deploy/doc-ingest.service"))).as("systemd-analyze verify").isEmpty();
        String unit = Files.readString(DEPLOY.resolve("doc-ingest.service"));
        assertThat(unit).contains("Restart=on-failure").containsPattern("(?m)^User=docingest$");
        int stopTimeout = Integer.parseInt(find(unit, "(?m)^TimeoutStopSec=(\\d+)"));
        int grace = Integer.parseInt(YamlConfig.load(Path.of("config"), "aws").getProperty("ingest.shutdown.grace-seconds"));
        assertThat(stopTimeout).as("TimeoutStopSec leaves time to drain, under Spot's 120 s").isGreaterThan(grace).isLessThan(120);
    }

    @Test
    void theTemplatePassesCfnLint() throws Exception {
        assumeTrue(onPath("cfn-lint"), "cfn-lint is not on PATH: template lint skipped");
        assertThat(run(List.of("cfn-lint", "deploy/cloudformation.yaml"))).as("cfn-lint").isEmpty();
    }

    @Test
    void theTemplateEmbedsUserDataAsItIs() throws Exception {
        String file = Files.readString(DEPLOY.resolve("user-data.sh"));
        JsonNode embedded = template.at("/Resources/WorkerLaunchTemplate/Properties/LaunchTemplateData/UserData/Fn::Base64/Fn::Sub");
        assertThat(embedded.isTextual()).as("UserData is Fn::Base64 of Fn::Sub of the script").isTrue();
        assertThat(embedded.asText()).as("the template's user-data, against deploy/user-data.sh").isEqualTo(file);
        // Fn::Sub may change nothing but the placeholder block's quoted assignments.
        Matcher substituted = Pattern.compile("(?m)^.*\\$\\{.*$").matcher(file);
        while (substituted.find()) {
            assertThat(substituted.group()).matches("  [a-z0-9_]+='\\$\\{[A-Za-z0-9:.]+}[a-z-]*'");
        }
        // EC2 takes at most 16 KiB of user data; leave room for the stack's values.
        assertThat(file.getBytes(UTF_8).length).isLessThan(14 * 1024);
    }

    @Test
    void everyReferenceInTheTemplateResolves() {
        Set<String> declared = new TreeSet<>();
        template.path("Parameters").fieldNames().forEachRemaining(declared::add);
        template.path("Resources").fieldNames().forEachRemaining(declared::add);
        Set<String> conditions = new TreeSet<>();
        template.path("Conditions").fieldNames().forEachRemaining(conditions::add);
        List<String> unresolved = new ArrayList<>();
        walk(template.path("Resources"), unresolved, declared, conditions);
        walk(template.path("Outputs"), unresolved, declared, conditions);
        walk(template.path("Conditions"), unresolved, declared, conditions);
        assertThat(unresolved).isEmpty();
        assertThat(declared).contains("IngestQueue", "PriorityQueue", "DeadLetterQueue", "LandingBucket", "ThumbnailBucket");
    }

    @Test
    void theQueuesMatchConfig() {
        Properties config = YamlConfig.load(Path.of("config"), "aws");
        JsonNode parameters = template.path("Parameters");
        assertThat(parameters.path("VisibilityTimeout").path("Default").asText()).isEqualTo(config.getProperty("ingest.sqs.visibility-timeout"));
        assertThat(parameters.path("MaxReceiveCount").path("Default").asText()).isEqualTo(config.getProperty("ingest.sqs.max-receive-count"));
        assertThat(parameters.path("KeyPrefix").path("Default").asText()).isEqualTo(config.getProperty("ingest.s3.key-prefix"));
        assertThat(parameters.path("UploadKeyPrefix").path("Default").asText()).isEqualTo(config.getProperty("ingest.upload.key-prefix"));
        assertThat(parameters.path("MetricsNamespace").path("Default").asText()).isEqualTo(config.getProperty("ingest.metrics.cloudwatch.namespace"));
        assertThat(parameters.path("PriorityQueueName").path("Default").asText()).isEqualTo(config.getProperty("ingest.sqs.priority-queue"));
        // The priority queue shares the main queue's visibility timeout, redrive and dead-letter queue.
        for (String name : List.of("IngestQueue", "PriorityQueue")) {
            JsonNode queue = template.path("Resources").path(name).path("Properties");
            assertThat(queue.path("VisibilityTimeout").path("Ref").asText()).as(name).isEqualTo("VisibilityTimeout");
            assertThat(queue.path("RedrivePolicy").path("maxReceiveCount").path("Ref").asText()).as(name).isEqualTo("MaxReceiveCount");
            assertThat(queue.path("RedrivePolicy").path("deadLetterTargetArn").path("Fn::GetAtt").path(0).asText()).as(name).isEqualTo("DeadLetterQueue");
        }
    }

    @Test
    void theWorkerRoleGrantsExactlyTheActionsTheDaemonCalls() throws Exception {
        Set<String> granted = workerActions();
        Set<String> called = new TreeSet<>(actionsCalledByADaemon());
        // In the aws profile the queue URLs are built from the account id (user-data sets
        // queue-owner-aws-account-id), so Camel's ListQueues lookup never runs there.
        assertThat(called.remove("sqs:ListQueues")).isTrue();
        assertThat(Files.readString(DEPLOY.resolve("user-data.sh"))).contains("queue-owner-aws-account-id");
        // Only in the aws profile, which pushes the same meters to CloudWatch.
        called.add("cloudwatch:PutMetricData");
        // The dlq tool (DeadLetterCommandTest) peeks, deletes and re-drives.
        called.addAll(List.of("sqs:ChangeMessageVisibility", "sqs:DeleteMessage"));
        Set<String> allowed = new TreeSet<>(called);
        allowed.addAll(USED_BY_LIFECYCLE_CODE_ISSUE_16);
        assertThat(granted).as("granted but never called").isSubsetOf(allowed);
        assertThat(called).as("called but not granted").isSubsetOf(granted);
    }

    @Test
    void theLifecycleActionsAreGrantedOnTheWorkerGroupAloneAndItsHooksMatchUserData() throws Exception {
        JsonNode statements = policy("doc-ingest-lifecycle").path("Statement");
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : statements) {
            statement.path("Action").forEach(action -> actions.add(action.asText()));
            for (JsonNode resource : statement.path("Resource")) {
                assertThat(resource.path("Fn::Sub").asText()).endsWith(":autoScalingGroup:*:autoScalingGroupName/${AWS::StackName}-workers");
            }
        }
        assertThat(actions).isEqualTo(USED_BY_LIFECYCLE_CODE_ISSUE_16);
        for (JsonNode other : template.path("Resources").path("WorkerRole").path("Properties").path("Policies")) {
            if (!other.path("PolicyName").asText().equals("doc-ingest-lifecycle")) {
                List<String> otherActions = new ArrayList<>();
                other.findValues("Action").forEach(list -> list.forEach(action -> otherActions.add(action.asText())));
                assertThat(otherActions).as(other.path("PolicyName").asText()).noneMatch(action -> action.startsWith("autoscaling:"));
            }
        }

        JsonNode group = template.path("Resources").path("WorkerGroup").path("Properties");
        assertThat(group.path("AutoScalingGroupName").path("Fn::Sub").asText()).isEqualTo("${AWS::StackName}-workers");
        assertThat(group.path("HealthCheckType").asText()).isEqualTo("EC2");
        List<String> hooks = new ArrayList<>();
        for (JsonNode hook : group.path("LifecycleHookSpecificationList")) {
            hooks.add(hook.path("LifecycleHookName").asText() + " " + hook.path("LifecycleTransition").asText() + " " + hook.path("DefaultResult").asText());
            if (hook.path("LifecycleTransition").asText().endsWith("TERMINATING")) {
                assertThat(hook.path("HeartbeatTimeout").asInt()).as("a drain outlasts an hour-long document").isGreaterThanOrEqualTo(3600);
            }
        }
        assertThat(hooks).containsExactly("doc-ingest-ready autoscaling:EC2_INSTANCE_LAUNCHING ABANDON",
                "doc-ingest-drain autoscaling:EC2_INSTANCE_TERMINATING CONTINUE");
        String userData = Files.readString(DEPLOY.resolve("user-data.sh"));
        assertThat(userData).contains("launch_hook=doc-ingest-ready", "auto_scaling_group='${AWS::StackName}-workers'");
    }

    @Test
    void logsGoToTheStacksLogGroupsOnly() throws Exception {
        // Retention as in the original system: application 30 days, errors (here the journal) 90, first boot 7.
        JsonNode resources = template.path("Resources");
        assertThat(resources.path("ApplicationLogGroup").path("Properties").path("RetentionInDays").asInt()).isEqualTo(30);
        assertThat(resources.path("SystemLogGroup").path("Properties").path("RetentionInDays").asInt()).isEqualTo(90);
        assertThat(resources.path("UserDataLogGroup").path("Properties").path("RetentionInDays").asInt()).isEqualTo(7);
        List<String> logGroups = new ArrayList<>();
        resources.fields().forEachRemaining(resource -> {
            if (resource.getValue().path("Type").asText().equals("AWS::Logs::LogGroup")) {
                logGroups.add(resource.getKey());
            }
        });
        assertThat(logGroups).containsExactlyInAnyOrder("ApplicationLogGroup", "SystemLogGroup", "UserDataLogGroup");

        Set<String> actions = new TreeSet<>();
        List<String> resourcesWritten = new ArrayList<>();
        for (JsonNode statement : policy("doc-ingest-log-shipping").path("Statement")) {
            statement.path("Action").forEach(action -> actions.add(action.asText()));
            statement.path("Resource").forEach(resource -> resourcesWritten.add(resource.path("Fn::GetAtt").path(0).asText()));
        }
        assertThat(actions).isSubsetOf("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams");
        assertThat(resourcesWritten).containsExactlyInAnyOrderElementsOf(logGroups);

        // The file the unit writes is the one the agent ships and logrotate rotates.
        String log = find(Files.readString(DEPLOY.resolve("doc-ingest.service")), "(?m)^StandardOutput=append:(\\S+)$");
        String userData = Files.readString(DEPLOY.resolve("user-data.sh"));
        assertThat(userData).contains("daemon_log=" + log, "\"file_path\": \"$daemon_log\"");
        for (String group : logGroups) {
            assertThat(userData).contains("='${" + group + "}'");
        }
        assertThat(Files.readString(DEPLOY.resolve("doc-ingest.logrotate"))).containsPattern("(?m)^" + Pattern.quote(log) + " \\{$");
    }

    /** Runs a daemon through upload, processing, readiness and a dead letter; returns the IAM actions behind its calls. */
    private static Set<String> actionsCalledByADaemon() throws Exception {
        Set<String> actions = new TreeSet<>();
        Properties props = new Properties();
        props.setProperty("ingest.health.stuck-after-seconds", "1");  // so the liveness probe reads the queue depth
        try (RunningDaemon daemon = new RunningDaemon("deploy", props)) {
            daemon.putObject("files/deploy/broken.pdf", "%PDF-1.4\nbroken".getBytes());
            daemon.deliver(daemon.transformedEvent("files/deploy/broken.pdf"));
            byte[] scan = Fixtures.scannedPdf(List.of(List.of("配置", "Deployment check")));
            var upload = daemon.http(HttpRequest.newBuilder(daemon.api("/documents?name=deploy.pdf"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(scan)).build());
            String id = new ObjectMapper().readTree(upload.body()).path("id").asText();
            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.get(daemon.api("/status/" + id)).body().contains("\"indexed\""));
            assertThat(daemon.get(daemon.management("/observe/health/ready")).statusCode()).isEqualTo(200);
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
                // /observe/health runs every check, the liveness ones included.
                var live = daemon.get(daemon.management("/observe/health?exposureLevel=full"));
                assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
                assertThat(daemon.get(daemon.management("/observe/metrics")).body()).as(live.body()).contains("GetQueueAttributes");
            });
            String scrape = daemon.get(daemon.management("/observe/metrics")).body();
            Matcher aws = Pattern.compile("(?m)^ingest_aws_calls_seconds_count\\{operation=\"(\\w+)\",outcome=\"\\w+\",service=\"([^\"]+)\"}").matcher(scrape);
            while (aws.find()) {
                actions.add(iamAction(aws.group(2), aws.group(1)));
            }
            Matcher openSearch = Pattern.compile("(?m)^ingest_opensearch_requests_seconds_count\\{method=\"(\\w+)\"").matcher(scrape);
            while (openSearch.find()) {
                String method = openSearch.group(1);
                actions.add("es:ESHttp" + method.charAt(0) + method.substring(1).toLowerCase());
            }
        }
        return actions;
    }

    /** The IAM action that authorises an SDK operation (the exceptions are S3's). */
    private static String iamAction(String service, String operation) {
        return switch (service) {
            case "S3" -> switch (operation) {
                case "HeadBucket", "ListObjectsV2" -> "s3:ListBucket";
                case "HeadObject" -> "s3:GetObject";
                default -> "s3:" + operation;
            };
            case "SQS" -> "sqs:" + operation.replace("SendMessageBatch", "SendMessage");
            case "Bedrock Runtime" -> "bedrock:" + operation;
            default -> service.toLowerCase() + ":" + operation;
        };
    }

    private static Set<String> workerActions() {
        Set<String> actions = new TreeSet<>();
        for (JsonNode policy : template.path("Resources").path("WorkerRole").path("Properties").path("Policies")) {
            if (NOT_THE_DAEMONS.contains(policy.path("PolicyName").asText())) {
                continue;
            }
            for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
                statement.path("Action").forEach(action -> actions.add(action.asText()));
            }
        }
        assertThat(actions).as("WorkerRole policies").isNotEmpty();
        return actions;
    }

    private static JsonNode policy(String name) {
        for (JsonNode policy : template.path("Resources").path("WorkerRole").path("Properties").path("Policies")) {
            if (policy.path("PolicyName").asText().equals(name)) {
                return policy.path("PolicyDocument");
            }
        }
        throw new AssertionError("WorkerRole has no policy " + name);
    }

    private static void walk(JsonNode node, List<String> unresolved, Set<String> declared, Set<String> conditions) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                JsonNode value = field.getValue();
                switch (field.getKey()) {
                    case "Ref" -> check(value.asText(), unresolved, declared);
                    case "Fn::GetAtt" -> check(value.isArray() ? value.get(0).asText() : value.asText().split("\\.")[0], unresolved, declared);
                    case "Fn::Sub" -> {
                        String text = value.isArray() ? value.get(0).asText() : value.asText();
                        Set<String> local = new TreeSet<>(declared);
                        if (value.isArray()) {
                            value.get(1).fieldNames().forEachRemaining(local::add);
                        }
                        Matcher variable = Pattern.compile("\\$\\{([^!}][^}]*)}").matcher(text);
                        while (variable.find()) {
                            check(variable.group(1).split("\\.")[0], unresolved, local);
                        }
                    }
                    case "Condition" -> {
                        if (value.isTextual() && !conditions.contains(value.asText())) {
                            unresolved.add("condition " + value.asText());
                        }
                    }
                    default -> { }
                }
                walk(value, unresolved, declared, conditions);
            });
        } else if (node.isArray()) {
            node.forEach(item -> walk(item, unresolved, declared, conditions));
        }
    }

    private static void check(String name, List<String> unresolved, Set<String> declared) {
        if (!name.startsWith("AWS::") && !declared.contains(name)) {
            unresolved.add(name);
        }
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }

    /** Runs a checker; returns its output when it fails, empty when it passes. */
    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(new File(".")).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        return process.waitFor() == 0 ? "" : String.join(" ", command) + " failed:\n" + output;
    }
}
