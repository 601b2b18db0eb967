package io.docingest;

import io.docingest.config.YamlConfig;
import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** README's "Adding a source", exactly as documented: the shipped FTP example against a real FTP server. */
class AddingASourceTest {

    @TempDir
    Path home;

    @Test
    void theReadmeFtpExampleIndexesAScannersFilesAndMovesThemToDone() throws Exception {
        String example = Files.readString(Path.of("routes/sources/ftp-scanner.yaml"));
        assertThat(Files.readString(Path.of("README.md"))).as("README shows the shipped file verbatim").contains(example);

        Path outbox = Files.createDirectories(home.resolve("outbox"));
        int port = LocalServers.freePort();
        FtpServer ftp = ftpServer(port);
        ftp.start();
        Properties props = new Properties();
        // The example is off by default; switched on by name, everything else as shipped.
        props.setProperty("ingest.sources.enabled", YamlConfig.load(Path.of("config"), "test")
                .getProperty("ingest.sources.enabled") + ",ftp-scanner");
        props.setProperty("scanner.host", "127.0.0.1:" + port);
        props.setProperty("scanner.user", "scan");
        props.setProperty("scanner.password", "p@ss&word");
        try (RunningDaemon daemon = new RunningDaemon("ftp", props, LocalServers.get().createQueues("ftp", 3),
                Path.of("config"), "test")) {
            Files.write(outbox.resolve("scan-0001.pdf"), Fixtures.scannedPdf(List.of(List.of("注文書", "Purchase order from the scanner"))));

            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.metric("ingest_documents_total", "outcome=\"indexed\"") == 1);
            var file = daemon.get("files", FileIds.fileId("ftp-scanner/scan-0001.pdf")).path("_source");
            assertThat(file.path("source").asText()).isEqualTo("ftp-scanner");
            assertThat(file.path("content").asText()).contains("注文書");
            await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(outbox.resolve(".done/scan-0001.pdf")));
            assertThat(outbox.resolve("scan-0001.pdf")).doesNotExist();

            // An empty file the scanner left is taken too, and recorded as skipped.
            Files.write(outbox.resolve("scan-0002.pdf"), new byte[0]);
            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.metric("ingest_documents_total", "outcome=\"skipped\"") == 1);
            assertThat(daemon.status(FileIds.fileId("ftp-scanner/scan-0002.pdf")).path("reason").asText()).contains("the file is empty");
        } finally {
            ftp.stop();
        }
    }

    private FtpServer ftpServer(int port) throws Exception {
        FtpServerFactory server = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        server.addListener("default", listener.createListener());
        var users = new PropertiesUserManagerFactory().createUserManager();
        BaseUser user = new BaseUser();
        user.setName("scan");
        user.setPassword("p@ss&word");
        user.setHomeDirectory(home.toString());
        user.setAuthorities(List.of(new WritePermission()));
        users.save(user);
        server.setUserManager(users);
        return server.createServer();
    }
}
