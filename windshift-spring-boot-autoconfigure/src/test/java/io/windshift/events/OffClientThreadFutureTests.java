package io.windshift.events;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffClientThreadFutureTests {

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> new Thread(task, "user-executor"));

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	@Test
	void actionsChainedBeforeOrAfterCompletionNeverRunOnTheCompletingThread() throws Exception {
		CompletableFuture<String> future = new OffClientThreadFuture<>(this.executor);
		List<CompletableFuture<String>> before = chain(future);
		Thread client = new Thread(() -> future.complete("ok"), "nats-client");
		client.start();
		client.join();
		List<CompletableFuture<String>> after = chain(future);
		for (CompletableFuture<String> thread : before) {
			assertThat(thread.get(5, TimeUnit.SECONDS)).isEqualTo("user-executor");
		}
		for (CompletableFuture<String> thread : after) {
			assertThat(thread.get(5, TimeUnit.SECONDS)).isEqualTo("user-executor");
		}
	}

	@Test
	void failuresAreHandledOffTheCompletingThreadToo() throws Exception {
		CompletableFuture<String> future = new OffClientThreadFuture<>(this.executor);
		CompletableFuture<String> recovered = future.exceptionally((ex) -> Thread.currentThread().getName());
		CompletableFuture<String> handled = future.handle((value, ex) -> Thread.currentThread().getName());
		Thread client = new Thread(() -> future.completeExceptionally(new IllegalStateException()), "nats-client");
		client.start();
		client.join();
		assertThat(recovered.get(5, TimeUnit.SECONDS)).isEqualTo("user-executor");
		assertThat(handled.get(5, TimeUnit.SECONDS)).isEqualTo("user-executor");
		assertThat(
				future.exceptionallyCompose((ex) -> CompletableFuture.completedFuture(Thread.currentThread().getName()))
					.get(5, TimeUnit.SECONDS))
			.isEqualTo("user-executor");
	}

	private static List<CompletableFuture<String>> chain(CompletableFuture<String> future) {
		Function<Object, String> name = (ignored) -> Thread.currentThread().getName();
		CompletableFuture<String> other = CompletableFuture.completedFuture("x");
		return List.of(future.thenApply(name), future.thenApply((v) -> v).thenApply(name),
				future.thenCompose((v) -> CompletableFuture.completedFuture(name.apply(v))),
				future.thenCombine(other, (a, b) -> name.apply(a)),
				future.applyToEither(new CompletableFuture<>(), name),
				future.minimalCompletionStage().thenApply(name).toCompletableFuture(), future.whenComplete((v, ex) -> {
				}).thenApply(name), future.thenRun(() -> {
				}).thenApply(name), future.thenAcceptAsync((v) -> {
				}).thenApply(name));
	}

}
