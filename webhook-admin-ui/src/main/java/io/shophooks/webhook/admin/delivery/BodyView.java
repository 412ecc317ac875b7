package io.shophooks.webhook.admin.delivery;

import java.io.StringReader;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

import io.shophooks.webhook.Internal;

/**
 * A request body as a store owner reads it: JSON and XML indented (numbers keep their
 * text), a form as a table of decoded names and values, the raw text always at hand, and
 * long bodies folded away.
 *
 * @param pretty the indented text (or the raw text when it is not readable as its type)
 * @param form the decoded fields of a form body, or {@code null}
 * @param raw the body as sent
 * @param size the body's size in bytes
 * @param folded whether the body is long enough to start folded
 */
@Internal
public record BodyView(String pretty, @Nullable List<Field> form, String raw, int size, boolean folded) {

	/** Bodies larger than this start folded. */
	static final int FOLD_AT = 4096;

	/** One decoded form field. */
	public record Field(String name, String value) {
	}

	static BodyView of(@Nullable String contentType, byte[] body) {
		String raw = new String(body, StandardCharsets.UTF_8);
		String type = (contentType != null) ? contentType.toLowerCase(Locale.ROOT) : "";
		String pretty = raw;
		List<Field> form = null;
		try {
			if (type.contains("json")) {
				pretty = json(raw);
			}
			else if (type.contains("xml")) {
				pretty = xml(raw);
			}
			else if (type.contains("x-www-form-urlencoded")) {
				form = form(raw);
			}
		}
		catch (RuntimeException | javax.xml.transform.TransformerException | javax.xml.parsers.ParserConfigurationException
				| org.xml.sax.SAXException | java.io.IOException ex) {
			pretty = raw;
		}
		return new BodyView(pretty, form, raw, body.length, body.length > FOLD_AT);
	}

	private static String json(String raw) {
		StringWriter out = new StringWriter();
		JsonMapper mapper = JsonMapper.shared();
		try (JsonParser parser = mapper.createParser(raw);
				JsonGenerator generator = mapper.writerWithDefaultPrettyPrinter().createGenerator(out)) {
			parser.nextToken();
			generator.copyCurrentStructureExact(parser);
		}
		return out.toString();
	}

	private static String xml(String raw) throws javax.xml.parsers.ParserConfigurationException, org.xml.sax.SAXException,
			java.io.IOException, javax.xml.transform.TransformerException {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		// a body shown to a person: no DTDs, no external entities
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		factory.setExpandEntityReferences(false);
		Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(raw)));
		TransformerFactory transformers = TransformerFactory.newInstance();
		transformers.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
		transformers.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
		Transformer transformer = transformers.newTransformer();
		transformer.setOutputProperty(OutputKeys.INDENT, "yes");
		transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
		transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
		StringWriter out = new StringWriter();
		transformer.transform(new DOMSource(document), new StreamResult(out));
		return out.toString().strip();
	}

	private static List<Field> form(String raw) {
		List<Field> fields = new ArrayList<>();
		for (String pair : raw.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			String value = (equals >= 0) ? pair.substring(equals + 1) : "";
			fields.add(new Field(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8)));
		}
		return fields;
	}

}
