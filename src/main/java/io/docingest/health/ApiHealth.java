package io.docingest.health;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /health} on the API port, where the original document processor answered it (its load
 * balancer's target check): 200 when every readiness check is up, as
 * {@code /observe/health/ready} on the management port says, else 503 with the checks that are down.
 */
public class ApiHealth {

    private final CamelContext camel;

    public ApiHealth(CamelContext camel) {
        this.camel = camel;
    }

    public Map<String, Object> answer(Exchange exchange) {
        Map<String, String> down = new TreeMap<>();
        for (HealthCheck.Result result : HealthCheckHelper.invokeReadiness(camel)) {
            if (result.getState() != HealthCheck.State.UP) {
                down.put(result.getCheck().getId(), result.getMessage().orElse(result.getState().name()));
            }
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, down.isEmpty() ? 200 : 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return down.isEmpty() ? Map.of("status", "healthy") : Map.of("status", "unhealthy", "down", down);
    }
}
