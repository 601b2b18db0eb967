package io.docingest.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.config.AwsClients;
import io.docingest.config.Settings;
import io.docingest.config.YamlConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The operator's view of the dead-letter queue, from the daemon's own jar and configuration:
 * <pre>
 *   java -jar doc-ingest-daemon.jar dlq list              one line per parked message
 *   java -jar doc-ingest-daemon.jar dlq show MESSAGE_ID   the whole envelope
 *   java -jar doc-ingest-daemon.jar dlq redrive MESSAGE_ID|--all
 * </pre>
 * Re-driving sends the envelope's event back to the ingest queue and deletes the dead letter; the
 * pipeline's etag check makes a re-driven version that is already indexed cost nothing.
 */
public final class DeadLetterCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough to re-drive a batch before the messages reappear to this same command. */
    private static final int HOLD_SECONDS = 30;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterUrl;
    private final PrintStream out;

    public DeadLetterCommand(SqsClient sqs, String queue, String deadLetterQueue, PrintStream out) {
        this.sqs = sqs;
        this.queueUrl = sqs.getQueueUrl(q -> q.queueName(queue)).queueUrl();
        this.deadLetterUrl = sqs.getQueueUrl(q -> q.queueName(deadLetterQueue)).queueUrl();
        this.out = out;
    }

    /** Entry from the jar's main: {@code dlq <list|show|redrive> [...]}, configured like the daemon. */
    public static int run(String[] args, Path configDir, String profile, Properties overrides, PrintStream out) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Properties properties = YamlConfig.load(configDir, profile);
            properties.putAll(overrides);
            PropertiesComponent resolver = (PropertiesComponent) camel.getPropertiesComponent();
            resolver.setInitialProperties(properties);
            resolver.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_OVERRIDE);
            Settings settings = new Settings(camel);
            try (SqsClient sqs = new AwsClients(settings).sqs()) {
                DeadLetterCommand command = new DeadLetterCommand(sqs, settings.text("ingest.sqs.queue"),
                        settings.text("ingest.sqs.dead-letter-queue"), out);
                return command.execute(args);
            }
        }
    }

    public int execute(String[] args) throws IOException {
        String verb = args.length > 1 ? args[1] : "help";
        switch (verb) {
            case "list" -> {
                Map<String, Message> parked = peekAll();
                for (Message message : parked.values()) {
                    JsonNode envelope = parse(message);
                    out.printf("%s  %s  %-9s  %s  %s%n", message.messageId(), envelope.path("failed_at").asText("-"),
                            envelope.path("error").path("kind").asText("-"), envelope.path("event").path("s3Key").asText("-"),
                            envelope.path("error").path("message").asText(""));
                }
                out.println(parked.size() + " message(s) in the dead-letter queue");
                return 0;
            }
            case "show" -> {
                Message message = peekAll().get(argument(args));
                if (message == null) {
                    out.println("no dead letter with id " + argument(args));
                    return 1;
                }
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(parse(message)));
                return 0;
            }
            case "redrive" -> {
                String which = argument(args);
                int sent = redrive(which);
                out.println("re-drove " + sent + " message(s)");
                return sent > 0 || "--all".equals(which) ? 0 : 1;
            }
            default -> {
                out.println("usage: dlq list | dlq show MESSAGE_ID | dlq redrive MESSAGE_ID|--all");
                return 2;
            }
        }
    }

    /** Reads every dead letter without consuming it (each is made visible again at once). */
    private Map<String, Message> peekAll() {
        Map<String, Message> seen = new LinkedHashMap<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(deadLetterUrl).maxNumberOfMessages(10).visibilityTimeout(HOLD_SECONDS)
                    .waitTimeSeconds(1)).messages();
            batch.forEach(m -> seen.putIfAbsent(m.messageId(), m));
        } while (!batch.isEmpty());
        seen.values().forEach(m -> sqs.changeMessageVisibility(c -> c.queueUrl(deadLetterUrl)
                .receiptHandle(m.receiptHandle()).visibilityTimeout(0)));
        return seen;
    }

    private int redrive(String which) {
        boolean all = "--all".equals(which);
        // Only what was parked before now: a message that fails again while we re-drive is parked
        // anew, and --all would otherwise take it round for ever.
        long started = System.currentTimeMillis();
        List<Message> passedOver = new ArrayList<>();
        int sent = 0;
        List<Message> batch;
        do {
            // Messages passed over stay invisible until the end, so each receive brings new ones.
            batch = sqs.receiveMessage(r -> r.queueUrl(deadLetterUrl).maxNumberOfMessages(10).visibilityTimeout(HOLD_SECONDS)
                    .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP).waitTimeSeconds(1)).messages();
            for (Message message : batch) {
                if (parkedSince(message, started) || !all && !message.messageId().equals(which)) {
                    passedOver.add(message);
                    continue;
                }
                String event = eventOf(message.body());
                sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(event));
                sqs.deleteMessage(d -> d.queueUrl(deadLetterUrl).receiptHandle(message.receiptHandle()));
                sent++;
            }
        } while (!batch.isEmpty() && (all || sent == 0));
        passedOver.forEach(m -> sqs.changeMessageVisibility(c -> c.queueUrl(deadLetterUrl)
                .receiptHandle(m.receiptHandle()).visibilityTimeout(0)));
        return sent;
    }

    private static boolean parkedSince(Message message, long started) {
        String sentAt = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        return sentAt != null && Long.parseLong(sentAt) >= started;
    }

    private static String argument(String[] args) {
        if (args.length < 3) {
            throw new IllegalArgumentException("missing MESSAGE_ID (or --all for redrive)");
        }
        return args[2];
    }

    /**
     * What to send back to the queue: an envelope's event, marked to be reprocessed whatever the
     * status index says (or, without an event, the message it wrapped); a bare message, which
     * SQS's redrive policy moved here after workers died on it, as it is, whatever it holds.
     */
    static String eventOf(String body) {
        JsonNode envelope;
        try {
            envelope = JSON.readTree(body);
        } catch (IOException e) {
            return body;
        }
        if (envelope == null || !envelope.isObject() || !envelope.has("error")) {
            return body;
        }
        if (envelope.path("event").isObject()) {
            // Worked on again even if the status index says this version is indexed.
            return ((com.fasterxml.jackson.databind.node.ObjectNode) envelope.get("event")).put("reprocess", true).toString();
        }
        return envelope.path("original_message").asText(body);
    }

    private static JsonNode parse(Message message) throws IOException {
        return JSON.readTree(message.body());
    }
}
