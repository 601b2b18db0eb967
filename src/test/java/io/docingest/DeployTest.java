package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.docingest.config.YamlConfig;
import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
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
 * daemon was seen to call, and exactly those user-data.sh calls.
 */
class DeployTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DEPLOY = Path.of("deploy");

    /**
     * Worker role policies for user-data, not the daemon: it fetches the release bundle before the
     * daemon exists, and completes the launch lifecycle hook once the daemon is ready. Used, but by
     * user-data.sh: they must grant exactly the actions it calls
     * ({@link #theUserDataPoliciesGrantExactlyWhatUserDataCalls}), as the other policies must grant
     * exactly what the daemon calls.
     */
    private static final Set<String> USER_DATA_POLICIES = Set.of("doc-ingest-release-bundle", "doc-ingest-launch-hook");

    /** The CloudWatch agent's policy, not the daemon's; {@link #logsGoToTheStacksLogGroupsOnly} checks it. */
    private static final String LOG_SHIPPING_POLICY = "doc-ingest-log-shipping";

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
    void aUnitThatFailsForGoodHasItsInstanceReplaced() throws Exception {
        assertThat(run(List.of("systemd-analyze", "verify", "deploy/doc-ingest-unhealthy.service"))).as("systemd-analyze verify").isEmpty();
        assertThat(Files.readString(DEPLOY.resolve("doc-ingest.service"))).containsPattern("(?m)^OnFailure=doc-ingest-unhealthy.service$");
        String report = Files.readString(DEPLOY.resolve("doc-ingest-unhealthy.service"));
        assertThat(report).containsPattern("(?m)^ExecCondition=/usr/bin/systemctl is-failed --quiet doc-ingest.service$")
                .contains("aws autoscaling set-instance-health", "--instance-id ${INGEST_WORKER_ID}", "--health-status Unhealthy");
        // user-data writes the two variables it reads, and installs it beside the daemon's unit.
        String userData = Files.readString(DEPLOY.resolve("user-data.sh"));
        assertThat(userData).contains("INGEST_WORKER_ID=$instance_id", "INGEST_AWS_REGION=$region",
                "deploy/doc-ingest-unhealthy.service\" /etc/systemd/system/doc-ingest-unhealthy.service");
        // The role grants it (the daemon's fleet watch calls it too), on the worker group alone.
        assertThat(actionsGrantedToTheDaemon()).contains("autoscaling:SetInstanceHealth");
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
        assertThat(parameters.path("KeyPrefix").path("Default").asText()).isEqualTo(config.getProperty("ingest.s3.key-prefix"));
        assertThat(parameters.path("UploadKeyPrefix").path("Default").asText()).isEqualTo(config.getProperty("ingest.upload.key-prefix"));
        assertThat(parameters.path("MetricsNamespace").path("Default").asText()).isEqualTo(config.getProperty("ingest.metrics.cloudwatch.namespace"));
        assertThat(parameters.path("FilesMetricsNamespace").path("Default").asText()).isEqualTo(config.getProperty("ingest.metrics.cloudwatch.files-namespace"));
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
        Set<String> granted = actionsGrantedToTheDaemon();
        Set<String> called = new TreeSet<>(actionsCalledByADaemon());
        // In the aws profile the queue URLs are built from the account id (user-data sets
        // queue-owner-aws-account-id), so Camel's ListQueues lookup never runs there.
        assertThat(called.remove("sqs:ListQueues")).isTrue();
        assertThat(Files.readString(DEPLOY.resolve("user-data.sh"))).contains("queue-owner-aws-account-id");
        // Only in the aws profile, which pushes the same meters to CloudWatch.
        called.add("cloudwatch:PutMetricData");
        // Only where the fleet watch runs (FleetTest, WorkerLifecycleIT drive it against a stand-in).
        called.addAll(List.of("autoscaling:DescribeAutoScalingInstances", "autoscaling:SetInstanceProtection",
                "autoscaling:SetInstanceHealth", "autoscaling:RecordLifecycleActionHeartbeat",
                "autoscaling:CompleteLifecycleAction"));
        // The dlq tool (DeadLetterCommandTest) peeks, deletes and re-drives.
        called.addAll(List.of("sqs:ChangeMessageVisibility", "sqs:DeleteMessage"));
        assertThat(granted).as("granted but never called").isSubsetOf(called);
        assertThat(called).as("called but not granted").isSubsetOf(granted);
    }

    @Test
    void theOriginalAlarmsAndDashboardWatchWhatTheWorkersPublish() throws Exception {
        JsonNode resources = template.path("Resources");
        // FilesProcessed and ProcessingTime by Status, as FilesProcessedPublisher sends them
        // (ObservabilityTest reads them back from a CloudWatch stand-in); p95 from the raw values.
        JsonNode slow = resources.path("SlowProcessingAlarm").path("Properties");
        assertThat(List.of(slow.path("MetricName").asText(), slow.path("ExtendedStatistic").asText(),
                slow.path("Dimensions").path(0).path("Name").asText(), slow.path("Dimensions").path(0).path("Value").asText()))
                .containsExactly("ProcessingTime", "p95", "Status", "Success");
        assertThat(slow.path("Namespace").path("Ref").asText()).isEqualTo("FilesMetricsNamespace");
        List<String> errorRateInputs = new ArrayList<>();
        for (JsonNode metric : resources.path("ErrorRateAlarm").path("Properties").path("Metrics")) {
            JsonNode stat = metric.path("MetricStat").path("Metric");
            if (!stat.isMissingNode()) {
                errorRateInputs.add(stat.path("MetricName").asText() + " " + stat.path("Dimensions").path(0).path("Value").asText());
            }
        }
        assertThat(errorRateInputs).containsExactlyInAnyOrder("FilesProcessed Success", "FilesProcessed Failed");
        // MEM_USED comes from the CloudWatch agent that user-data configures, by group.
        JsonNode memory = resources.path("MemoryAlarm").path("Properties");
        assertThat(memory.path("MetricName").asText()).isEqualTo("MEM_USED");
        assertThat(memory.path("Dimensions").path(0).path("Name").asText()).isEqualTo("AutoScalingGroupName");
        assertThat(Files.readString(DEPLOY.resolve("user-data.sh"))).contains("\"rename\": \"MEM_USED\"",
                "\"namespace\": \"$files_metrics_namespace\"", "\"append_dimensions\": {\"AutoScalingGroupName\": \"$auto_scaling_group\"}");
        assertThat(resources.path("NoWorkersAlarm").path("Properties").path("Metrics").toString()).contains("GroupInServiceInstances");
        // Each alarm notifies the topic; the dashboard is JSON once the stack's values are in.
        for (String alarm : List.of("ErrorRateAlarm", "SlowProcessingAlarm", "NoWorkersAlarm", "MemoryAlarm")) {
            assertThat(resources.path(alarm).path("Properties").path("AlarmActions").path(0).path("Ref").asText()).as(alarm).isEqualTo("AlarmTopic");
        }
        String dashboard = resources.path("OperationsDashboard").path("Properties").path("DashboardBody").path("Fn::Sub").path(0).asText();
        JsonNode widgets = new ObjectMapper().readTree(dashboard.replaceAll("\\$\\{[^}]+}", "x")).path("widgets");
        assertThat(widgets).hasSizeGreaterThanOrEqualTo(7);
        assertThat(dashboard).contains("\"FilesProcessed\"", "\"ProcessingTime\"", "\"p95\"", "\"MEM_USED\"", "GroupInServiceInstances");
    }

    @Test
    void theUserDataPoliciesGrantExactlyWhatUserDataCalls() throws Exception {
        Set<String> granted = new TreeSet<>();
        for (String name : USER_DATA_POLICIES) {
            for (JsonNode statement : policy(name).path("Statement")) {
                statement.path("Action").forEach(action -> granted.add(action.asText()));
            }
        }
        assertThat(granted).as("granted to user-data")
                .isEqualTo(actionsCalledByUserData())
                .containsExactlyInAnyOrder("s3:GetObject", "autoscaling:CompleteLifecycleAction");
    }

    @Test
    void autoScalingCallsReachTheWorkerGroupAloneAndTheHooksAreTheOnesUserDataAndTheDaemonComplete() throws Exception {
        // user-data and the daemon's fleet watch may touch Auto Scaling, on the worker group alone
        // (finding that group takes a Describe call, which has no resource).
        for (JsonNode policy : template.path("Resources").path("WorkerRole").path("Properties").path("Policies")) {
            for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
                List<String> actions = new ArrayList<>();
                statement.path("Action").forEach(action -> actions.add(action.asText()));
                if (actions.stream().noneMatch(action -> action.startsWith("autoscaling:"))) {
                    continue;
                }
                if (actions.equals(List.of("autoscaling:DescribeAutoScalingInstances"))) {
                    assertThat(statement.path("Resource").toString()).isEqualTo("[\"*\"]");
                    continue;
                }
                for (JsonNode resource : statement.path("Resource")) {
                    assertThat(resource.path("Fn::Sub").asText()).as(policy.path("PolicyName").asText())
                            .endsWith(":autoScalingGroup:*:autoScalingGroupName/${AWS::StackName}-workers");
                }
            }
        }

        JsonNode group = template.path("Resources").path("WorkerGroup").path("Properties");
        assertThat(group.path("AutoScalingGroupName").path("Fn::Sub").asText()).isEqualTo("${AWS::StackName}-workers");
        assertThat(group.path("HealthCheckType").asText()).isEqualTo("EC2");
        JsonNode hooks = group.path("LifecycleHookSpecificationList");
        assertThat(hooks).hasSize(2);

        // The launch hook is always there, and user-data completes it before the hook times out.
        JsonNode launch = hooks.get(0);
        assertThat(List.of(launch.path("LifecycleHookName").asText(), launch.path("LifecycleTransition").asText(), launch.path("DefaultResult").asText()))
                .containsExactly("doc-ingest-ready", "autoscaling:EC2_INSTANCE_LAUNCHING", "ABANDON");
        String userData = Files.readString(DEPLOY.resolve("user-data.sh"));
        assertThat(userData).contains("auto_scaling_group='${AWS::StackName}-workers'", "launch_hook=doc-ingest-ready",
                "launch_hook_timeout=" + launch.path("HeartbeatTimeout").asInt() + "\n",
                "ready_by=$((launch_hook_timeout - ", "--lifecycle-action-result CONTINUE", "--lifecycle-action-result ABANDON");
        Properties config = YamlConfig.load(Path.of("config"), "aws");
        assertThat(userData).as("the readiness user-data waits for is the daemon's (its management server)").contains(
                "ready_url=http://" + config.getProperty("camel.management.host") + ":" + config.getProperty("camel.management.port")
                        + "/observe/health/ready\n");

        // The drain hook only with DrainOnScaleIn, off by default; the daemon's fleet watch completes
        // it (WorkerLifecycleIT), by the name the aws profile gives it.
        JsonNode drainIf = hooks.get(1).path("Fn::If");
        assertThat(drainIf).as("the drain hook behind Fn::If").hasSize(3);
        String condition = drainIf.get(0).asText();
        assertThat(template.path("Conditions").path(condition).path("Fn::Equals").toString()).isEqualTo("[{\"Ref\":\"DrainOnScaleIn\"},\"true\"]");
        JsonNode parameter = template.path("Parameters").path("DrainOnScaleIn");
        assertThat(parameter.path("Default").asText()).isEqualTo("false");
        assertThat(parameter.path("AllowedValues").toString()).isEqualTo("[\"true\",\"false\"]");
        JsonNode drain = drainIf.get(1);
        assertThat(List.of(drain.path("LifecycleHookName").asText(), drain.path("LifecycleTransition").asText(), drain.path("DefaultResult").asText()))
                .containsExactly(config.getProperty("ingest.fleet.termination-hook"), "autoscaling:EC2_INSTANCE_TERMINATING", "CONTINUE");
        assertThat(config.getProperty("ingest.fleet.enabled")).as("the fleet watch runs in the aws profile").isEqualTo("true");
        assertThat(drain.path("HeartbeatTimeout").asInt()).as("a drain outlasts an hour-long document").isGreaterThanOrEqualTo(3600);
        assertThat(drainIf.get(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
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
            // A deletion: the documents (OpenSearch DELETE) and the thumbnail (S3 DeleteObject) go.
            daemon.putObject("files/deploy/deleted.pdf", scan);
            daemon.deliver(daemon.transformedEvent("files/deploy/deleted.pdf"));
            daemon.deliver("{\"s3Bucket\":\"" + LocalServers.LANDING + "\",\"s3Key\":\"files/deploy/deleted.pdf\","
                    + "\"eventTime\":\"2026-12-01T10:00:00Z\",\"eventType\":\"Object Deleted\"}");
            assertThat(daemon.status(FileIds.fileId("files/deploy/deleted.pdf")).path("status").asText()).isEqualTo("deleted");
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

    /**
     * The IAM actions behind user-data.sh's AWS CLI calls. Unsigned ones (--no-sign-request: AWS's
     * public agent buckets) need none.
     */
    private static Set<String> actionsCalledByUserData() throws Exception {
        String script = Files.readString(DEPLOY.resolve("user-data.sh")).replace("\\\n", " ");
        Set<String> actions = new TreeSet<>();
        Matcher call = Pattern.compile("(?m)^[^#\\n]*\\baws ([a-z0-9]+) ([a-z-]+)(.*)$").matcher(script);
        while (call.find()) {
            String service = call.group(1);
            String command = call.group(2);
            if (call.group(3).contains("--no-sign-request")) {
                continue;
            }
            if (service.equals("s3")) {
                assertThat(command).as("user-data's S3 calls download").isEqualTo("cp");
                actions.add("s3:GetObject");
            } else {
                StringBuilder operation = new StringBuilder();
                for (String word : command.split("-")) {
                    operation.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
                }
                actions.add(service + ":" + operation);
            }
        }
        return actions;
    }

    /** What the worker role grants, less the policies of user-data and of the CloudWatch agent. */
    private static Set<String> actionsGrantedToTheDaemon() {
        Set<String> actions = new TreeSet<>();
        for (JsonNode policy : template.path("Resources").path("WorkerRole").path("Properties").path("Policies")) {
            String name = policy.path("PolicyName").asText();
            if (USER_DATA_POLICIES.contains(name) || name.equals(LOG_SHIPPING_POLICY)) {
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
                    case "Fn::If" -> {
                        if (!conditions.contains(value.path(0).asText())) {
                            unresolved.add("condition " + value.path(0).asText());
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
