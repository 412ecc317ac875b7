package io.shophooks.webhook.deliveries;

import io.shophooks.webhook.dispatch.Dispatcher;
import io.shophooks.webhook.dispatch.PauseSwitch;

/**
 * What the admin UI calls to pause and resume delivery on every instance.
 */
public class PauseControl {

	private final PauseSwitch pauseSwitch;

	private final Dispatcher dispatcher;

	public PauseControl(PauseSwitch pauseSwitch, Dispatcher dispatcher) {
		this.pauseSwitch = pauseSwitch;
		this.dispatcher = dispatcher;
	}

	public boolean isPaused() {
		return this.pauseSwitch.isPaused();
	}

	/**
	 * Whether this instance is paused by its own property, which the admin UI cannot lift.
	 * @return whether paused by {@code shophooks.webhook.delivery.paused}
	 */
	public boolean isPausedByProperty() {
		return this.pauseSwitch.isPausedByProperty();
	}

	public void pause() {
		this.pauseSwitch.pause();
	}

	public void resume() {
		this.pauseSwitch.resume();
		this.dispatcher.wake();
	}

}
