package io.docingest.extract;

import io.docingest.config.YamlConfig;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.ThreadPoolProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pools that parallel splits run on (page batches, chunk embeddings), as config/ ships them:
 * while one item is long, the other worker goes on to the next item. Camel gives a pool whose
 * max-queue-size is 0 or -1 no queue, and a full pool then runs a task on the thread that
 * submitted it; for a parallel split that is the thread handing out the items, so nothing new
 * starts until its item ends, and the other worker idles (a dense scan ran at 0.72 of plain
 * Tesseract). Here item 2 waits for item 3 to start, which only a pool with a queue lets happen.
 */
class ParallelSplitPoolsTest {

    @ParameterizedTest
    @ValueSource(strings = {"page-workers", "priority-page-workers", "embedders"})
    void aLongItemDoesNotKeepTheOtherWorkerFromTheNextOne(String pool) throws Exception {
        Properties config = YamlConfig.load(Path.of("config"), null);
        String shipped = "camel.threadpool.config[" + pool + "].max-queue-size";
        assertThat(config.getProperty(shipped)).as(shipped).isNotNull();

        CountDownLatch secondStarted = new CountDownLatch(1);
        CountDownLatch thirdStarted = new CountDownLatch(1);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            ThreadPoolProfile profile = new ThreadPoolProfile(pool);
            profile.setPoolSize(2);
            profile.setMaxPoolSize(2);
            profile.setMaxQueueSize(Integer.parseInt(config.getProperty(shipped)));
            camel.getExecutorServiceManager().registerThreadPoolProfile(profile);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:items").split(body()).streaming().parallelProcessing().executorService(pool)
                            .process(exchange -> {
                                switch (exchange.getMessage().getBody(Integer.class)) {
                                    // The first holds its worker until the second has started elsewhere.
                                    case 1 -> secondStarted.await(10, TimeUnit.SECONDS);
                                    case 2 -> {
                                        secondStarted.countDown();
                                        // Long, on the thread that handed it out unless the pool queued it.
                                        thirdStarted.await(10, TimeUnit.SECONDS);
                                    }
                                    case 3 -> thirdStarted.countDown();
                                    default -> { }
                                }
                            });
                }
            });
            camel.start();
            NotifyBuilder done = new NotifyBuilder(camel).fromRoute("*").whenDone(1).create();
            camel.createProducerTemplate().asyncSendBody("direct:items", List.of(1, 2, 3, 4));

            assertThat(thirdStarted.await(5, TimeUnit.SECONDS))
                    .as("item 3 started while item 2 was still running (%s, max-queue-size %s)", pool, config.getProperty(shipped))
                    .isTrue();
            assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
