package dev.clerksync.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Applies tomcat-config/server-hardening.xml to a distribution's server.xml the way its comment
 * tells an operator: the snippet Connector's attributes (but not a port) onto the HTTP/1.1
 * Connector, and the snippet Host's Valves into the Host. Anything else stays as it was.
 */
public final class ServerXml {

    private static final String HTTP_11 = "HTTP/1.1";

    private ServerXml() {
    }

    public static void applyHardening(Path snippet, Path serverXml) throws IOException {
        Document hardening = parse(snippet);
        Document server = parse(serverXml);
        Element connector = only(server, "Connector", HTTP_11);
        NamedNodeMap attributes = only(hardening, "Connector", HTTP_11).getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node attribute = attributes.item(i);
            if (!attribute.getNodeName().equals("port")) {
                connector.setAttribute(attribute.getNodeName(), attribute.getNodeValue());
            }
        }
        Element host = only(server, "Host", null);
        NodeList valves = only(hardening, "Host", null).getElementsByTagName("Valve");
        for (int i = 0; i < valves.getLength(); i++) {
            host.appendChild(server.importNode(valves.item(i), true));
        }
        write(server, serverXml);
    }

    /** The one element named {@code tag} (with that {@code protocol}, unless null); fails otherwise. */
    private static Element only(Document document, String tag, String protocol) {
        NodeList elements = document.getElementsByTagName(tag);
        Element found = null;
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            if (protocol == null || protocol.equals(element.getAttribute("protocol"))) {
                if (found != null) {
                    throw new IllegalStateException("more than one " + tag + " " + protocol + " in " + document.getDocumentURI());
                }
                found = element;
            }
        }
        if (found == null) {
            throw new IllegalStateException("no " + tag + " " + protocol + " in " + document.getDocumentURI());
        }
        return found;
    }

    private static Document parse(Path file) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Document document, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(document), new StreamResult(out));
        } catch (TransformerException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
