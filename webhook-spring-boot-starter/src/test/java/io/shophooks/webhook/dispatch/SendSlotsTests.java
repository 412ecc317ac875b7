package io.shophooks.webhook.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

import org.junit.jupiter.api.Test;

import io.shophooks.webhook.endpoint.BodyFormat;
import io.shophooks.webhook.endpoint.DeliveryOptions;
import io.shophooks.webhook.endpoint.EndpointTarget;
import io.shophooks.webhook.endpoint.PayloadMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send slots keep their promises: never more sends than workers, never more to an
 * endpoint than its limit, a fair share once several endpoints are busy (so one that
 * hangs cannot take every worker), and the fan-out's leasing says yes only where a send
 * would fit, never for ordered or disabled endpoints.
 */
class SendSlotsTests {

	private final SendSlots slots = new SendSlots(8);

	@Test
	void noMoreSendsThanWorkersNorThanAnEndpointsLimit() {
		EndpointTarget limited = target(1, 3, false, true);
		List<SendSlots.Slot> taken = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			SendSlots.Slot slot = this.slots.take(limited, limited.maxConcurrency(), true);
			if (slot != null) {
				taken.add(slot);
			}
		}
		assertThat(taken).hasSize(3);
		assertThat(this.slots.free()).isEqualTo(5);
		EndpointTarget wide = target(2, 100, false, true);
		for (int i = 0; i < 10; i++) {
			SendSlots.Slot slot = this.slots.take(wide, wide.maxConcurrency(), true);
			if (slot != null) {
				taken.add(slot);
			}
		}
		assertThat(taken).hasSize(8);
		assertThat(this.slots.free()).isZero();
		assertThat(this.slots.inFlight()).isEqualTo(8);
		taken.forEach(this.slots::free);
		assertThat(this.slots.inFlight()).isZero();
		assertThat(this.slots.free()).isEqualTo(8);
	}

	@Test
	void onceSeveralEndpointsAreBusyEachGetsAShareThatLeavesRoomForAnother() {
		EndpointTarget hanging = target(1, 100, false, true);
		EndpointTarget other = target(2, 100, false, true);
		// alone, an endpoint may use every worker but two: a hanging receiver never takes them all
		assertThat(this.slots.fairShare()).isEqualTo(6);
		this.slots.take(hanging, 100, true);
		this.slots.take(other, 100, true);
		// two busy: each may have 8 / 3 = 2 at most, so a third endpoint still finds workers
		assertThat(this.slots.fairShare()).isEqualTo(2);
		this.slots.take(hanging, 100, true);
		assertThat(this.slots.saturated()).containsExactly(1L);
		assertThat(this.slots.take(hanging, this.slots.fairShare(), true)).isNull();
		assertThat(this.slots.free()).isEqualTo(5);
	}

	@Test
	void aClaimTakesNoMoreOfOneEndpointThanTheEndpointWithTheMostRoomCanSend() {
		EndpointTarget narrow = target(1, 2, false, true);
		EndpointTarget wider = target(2, 5, false, true);
		assertThat(this.slots.largestRoom(List.of(narrow))).isEqualTo(2);
		assertThat(this.slots.largestRoom(List.of(narrow, wider))).isEqualTo(5);
		this.slots.take(narrow, narrow.maxConcurrency(), true);
		assertThat(this.slots.largestRoom(List.of(narrow))).isEqualTo(1);
		this.slots.take(narrow, narrow.maxConcurrency(), true);
		assertThat(this.slots.largestRoom(List.of(narrow))).as("full: nothing to claim for it").isZero();
		// two busy endpoints: the fair share (8 / 3 = 2) caps the wider one too
		this.slots.take(wider, wider.maxConcurrency(), true);
		assertThat(this.slots.largestRoom(List.of(narrow, wider))).isEqualTo(1);
		assertThat(this.slots.largestRoom(List.of())).isZero();
	}

	@Test
	void theFanOutLeasesOnlyWhatFitsAndNeverForOrderedOrDisabledEndpoints() {
		EndpointTarget plain = target(1, 2, false, true);
		EndpointTarget ordered = target(2, 8, true, true);
		EndpointTarget disabled = target(3, 8, false, false);
		LongPredicate fits = this.slots.fits(3,
				id -> (id == 1) ? plain : (id == 2) ? ordered : (id == 3) ? disabled : null);
		assertThat(fits.test(2)).as("ordered: their order is checked by the claim").isFalse();
		assertThat(fits.test(3)).as("disabled").isFalse();
		assertThat(fits.test(4)).as("deleted").isFalse();
		assertThat(fits.test(1)).isTrue();
		assertThat(fits.test(1)).isTrue();
		assertThat(fits.test(1)).as("the endpoint's limit of 2").isFalse();
		// the budget: three at most, whatever the endpoints
		LongPredicate budget = this.slots.fits(3, id -> target(id, 8, false, true));
		assertThat(List.of(budget.test(10), budget.test(11), budget.test(12), budget.test(13)))
			.containsExactly(true, true, true, false);
		assertThat(this.slots.inFlight()).as("leasing counts nothing").isZero();
	}

	@Test
	void claimsHeldAreBoundedToFourPerWorker() {
		for (long id = 1; id <= 31; id++) {
			this.slots.hold(id);
		}
		assertThat(this.slots.free()).isEqualTo(1);
		this.slots.hold(32);
		assertThat(this.slots.free()).isZero();
		this.slots.release(32);
		assertThat(this.slots.held()).hasSize(31);
		this.slots.releaseAll();
		assertThat(this.slots.free()).isEqualTo(8);
	}

	private static EndpointTarget target(long id, int maxConcurrency, boolean ordered, boolean enabled) {
		return new EndpointTarget(id, "https://93.184.216.34/" + id, BodyFormat.JSON, null, null, null, null, List.of(),
				enabled, maxConcurrency, List.of("*"), false,
				new DeliveryOptions(ordered, null, List.of(), PayloadMode.FULL), null, false, false);
	}

}
