package com.platform.datamigration.run.runs.web;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.contracts.RunStatus;
import com.platform.datamigration.run.RunProperties;
import com.platform.datamigration.run.runs.Page;
import com.platform.datamigration.run.runs.RejectView;
import com.platform.datamigration.run.runs.RunRepository;
import com.platform.datamigration.run.runs.RunSummary;
import com.platform.datamigration.run.runs.Runs;
import com.platform.datamigration.support.problem.FieldError;
import com.platform.datamigration.support.problem.Problems;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The runs stage: {@code /api/data-migration/runs}. */
@RestController
@RequestMapping("/api/data-migration/runs")
@ConditionalOnExpression("'${dm.run.roles:api,worker}'.contains('api')")
class RunController {

    private final Runs runs;
    private final RunRepository repository;
    private final JsonMapper json;
    private final ProgressStreams<String> streams;
    private final RunProperties props;

    RunController(Runs runs, RunRepository repository, JsonMapper json, RunProperties props) {
        this.runs = runs;
        this.repository = repository;
        this.json = json;
        this.props = props;
        this.streams = new ProgressStreams<>(this::readProgress, Duration.ofMillis(250), props.maxEventStreamsPerOrganization());
    }

    @PostMapping
    Mono<ResponseEntity<RunSummary>> start(OrganizationId org, Principal who, @Valid @RequestBody RunRequest request) {
        return runs.create(org, who.getName(), request.mappingIds(), request.resolvedOptions(props.chunkSize()))
                .map(r -> ResponseEntity.accepted().location(URI.create("/api/data-migration/runs/" + r.id())).body(r));
    }

    @GetMapping
    Mono<Page<RunSummary>> list(OrganizationId org, @RequestParam(required = false) String status,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        RunStatus s;
        Instant f;
        Instant t;
        try {
            s = status == null ? null : RunStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            return Mono.error(Problems.badRequest(List.of(new FieldError("status", "must be one of " + List.of(RunStatus.values())))));
        }
        try {
            f = from == null ? null : Instant.parse(from);
            t = to == null ? null : Instant.parse(to);
        } catch (RuntimeException e) {
            return Mono.error(Problems.badRequest(List.of(new FieldError(from != null ? "from" : "to", "must be an ISO-8601 instant"))));
        }
        if (page < 0 || size < 1 || size > 200) {
            return Mono.error(Problems.badRequest(List.of(new FieldError(page < 0 ? "page" : "size",
                    page < 0 ? "must be 0 or more" : "must be between 1 and 200"))));
        }
        return runs.list(org, s, f, t, page, size);
    }

    @GetMapping("/{id}")
    Mono<RunSummary> get(OrganizationId org, @PathVariable UUID id) {
        return runs.get(org, id);
    }

    @PostMapping("/{id}/cancel")
    Mono<RunSummary> cancel(OrganizationId org, @PathVariable UUID id) {
        return runs.cancel(org, id);
    }

    @PostMapping("/{id}/resume")
    Mono<RunSummary> resume(OrganizationId org, @PathVariable UUID id) {
        return runs.resume(org, id);
    }

    @GetMapping("/{id}/rejects")
    Mono<Page<RejectView>> rejects(OrganizationId org, @PathVariable UUID id,
            @RequestParam(defaultValue = "false") boolean includeResolved,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            return Mono.error(Problems.badRequest(List.of(new FieldError(page < 0 ? "page" : "size",
                    page < 0 ? "must be 0 or more" : "must be between 1 and 500"))));
        }
        return runs.rejects(org, id, includeResolved, page, size);
    }

    @PostMapping("/{id}/rejects/replay")
    Mono<ResponseEntity<RunSummary>> replay(OrganizationId org, @PathVariable UUID id) {
        return runs.replay(org, id).map(r -> ResponseEntity.accepted().body(r));
    }

    /**
     * Server-Sent Events of the run's progress: each new sequence once, ending after a terminal status. Reads the
     * run's stored progress, so any api process can serve any run; clients following the same run share one read of
     * it, and an organization has at most {@code dm.run.max-event-streams-per-organization} streams open (429 beyond).
     */
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> events(OrganizationId org, @PathVariable UUID id) {
        // A comment every 15 s keeps a quiet stream (a queued run) open through proxies and the gateway's timeout; it
        // stops with the progress events.
        return runs.get(org, id).flatMapMany(first -> streams.follow(org, id)
                .map(r -> ServerSentEvent.<String>builder(r.snapshot()).id(String.valueOf(r.sequence())).event("progress").build())
                .publish(events -> Flux.merge(events,
                        Flux.interval(KEEP_ALIVE, KEEP_ALIVE).map(i -> ServerSentEvent.<String>builder().comment("keep-alive").build())
                                .takeUntilOther(events.then())))
                .take(Duration.ofHours(24)));
    }

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    /** The run's stored progress as compact JSON; empty until it has some. */
    private Mono<ProgressStreams.Read<String>> readProgress(UUID id) {
        return repository.progress(id).map(p -> new ProgressStreams.Read<>(p.sequence(), p.terminal(), json.writeValueAsString(p.view())));
    }
}
