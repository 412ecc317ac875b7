package io.shophooks.webhook.admin.api;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.InvalidWebhookException;
import io.shophooks.webhook.endpoint.EndpointNotFoundException;
import io.shophooks.webhook.endpoint.InvalidEndpointException;

/**
 * RFC 9457 problem details for every error of the management API, with one message per
 * field for validation errors. Bad input never becomes a 500.
 */
@Internal
@RestControllerAdvice(assignableTypes = { EndpointApiController.class, DeliveryApiController.class })
public class ApiExceptionHandler {

	@ExceptionHandler(InvalidEndpointException.class)
	ProblemDetail invalidEndpoint(InvalidEndpointException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The endpoint was not saved: " + ex.getMessage());
		problem.setTitle("Invalid endpoint");
		problem.setProperty("errors", ex.getErrors());
		return problem;
	}

	@ExceptionHandler(io.shophooks.webhook.endpoint.SecretStillValidException.class)
	ProblemDetail secretStillValid(io.shophooks.webhook.endpoint.SecretStillValidException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				ex.getMessage() + " (?cutShort=true rotates anyway)");
		problem.setTitle("An earlier secret still signs");
		problem.setProperty("previousSecretValidUntil", ex.getValidUntil().toString());
		return problem;
	}

	@ExceptionHandler(io.shophooks.webhook.endpoint.UnreadableSecretException.class)
	ProblemDetail unreadableSecret(io.shophooks.webhook.endpoint.UnreadableSecretException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Endpoint secrets cannot be read");
		return problem;
	}

	@ExceptionHandler(InvalidWebhookException.class)
	ProblemDetail invalid(InvalidWebhookException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid input");
		problem.setProperty("errors", Map.of(ex.getField(), ex.getMessage()));
		return problem;
	}

	@ExceptionHandler(EndpointNotFoundException.class)
	ProblemDetail notFound(EndpointNotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Not found");
		return problem;
	}

	/** A value of the wrong type or shape in the body, named by its path. */
	@ExceptionHandler(tools.jackson.core.JacksonException.class)
	ProblemDetail wrongType(tools.jackson.core.JacksonException ex) {
		String field = ex.getPath()
			.stream()
			.map(reference -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: String.valueOf(reference.getIndex()))
			.reduce((a, b) -> a + "." + b)
			.orElse("body");
		String message = "The value of '" + field + "' is not of the expected type";
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message);
		problem.setTitle("Malformed request");
		problem.setProperty("errors", Map.of(field, message));
		return problem;
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is not valid JSON for this resource");
		problem.setTitle("Malformed request");
		return problem;
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class })
	ProblemDetail badParameter(Exception ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid parameter");
		return problem;
	}

	@ExceptionHandler(ResponseStatusException.class)
	ProblemDetail status(ResponseStatusException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.getStatusCode(), ex.getReason());
		return problem;
	}

}
