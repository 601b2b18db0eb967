package io.docingest.fetch;

import io.docingest.document.FileEvent;
import io.docingest.document.IngestDocument;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectSpoolerTest {

    @Test
    void spooledFilesArePrivateNamedAtRandomAndRemovedWhenTheExchangeCompletes(@TempDir Path work) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            Exchange exchange = new DefaultExchange(camel);
            FileEvent event = FileEvent.fromS3("landing", "files/../../etc/passwd", 5L, "e", null, null, Instant.now(), "test");
            IngestDocument doc = new IngestDocument(event, "id");
            exchange.setProperty(IngestDocument.PROPERTY, doc);
            exchange.getMessage().setBody(new ByteArrayInputStream("hello".getBytes()));

            new ObjectSpooler(work.toString(), 1000).spool(exchange);

            Path file = doc.getFile();
            assertThat(file.getParent()).isEqualTo(work);
            assertThat(file.getFileName().toString()).startsWith("ingest-").doesNotContain("passwd");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.readString(file)).isEqualTo("hello");

            // what Camel does when the exchange's unit of work completes
            exchange.getExchangeExtension().handoverCompletions().forEach(done -> done.onComplete(exchange));
            assertThat(file).doesNotExist();
        }
    }
}
