#ifndef IBSOURCES_CLIBXML2_SHIM_H
#define IBSOURCES_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, whose headers clash with Foundation's bundled
   ICU when one Swift module imports both. Nothing here uses the ICU parts (only the
   converter fields of xmlCharEncodingHandler, never touched from Swift), so they are
   left out of this module's view. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>

/// `xmlFree` is a global function pointer variable, which Swift 6 rejects as
/// not concurrency-safe; call it through this helper instead.
static inline void ibs_xml_free(void *p) { xmlFree(p); }

/// A generic error handler that drops the message.
static inline void ibs_xml_ignore_generic(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}

/// A structured error handler that drops the error.
static inline void ibs_xml_ignore_structured(void *ctx, xmlErrorPtr error) {
    (void)ctx;
    (void)error;
}

/// Silences libxml2's default printing of errors to stderr for this thread.
/// (Passing NULL handlers would restore the default printers, so no-op handlers are set.)
static inline void ibs_xml_silence_errors(void) {
    xmlSetGenericErrorFunc(NULL, ibs_xml_ignore_generic);
    xmlSetStructuredErrorFunc(NULL, ibs_xml_ignore_structured);
}

/// The parser options the XML reader uses: no network, no entity substitution,
/// no DTD loading, CDATA merged into text, line numbers past 65535.
static inline int ibs_xml_reader_options(void) {
    return XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
}

/// The line of the reader's current node, as the parser recorded it (0 when unknown).
static inline long ibs_xml_current_line(xmlTextReaderPtr reader) {
    xmlNodePtr node = xmlTextReaderCurrentNode(reader);
    return node == NULL ? 0 : xmlGetLineNo(node);
}

/// The reader's current node: its type, and its name (elements) or text (text nodes).
typedef struct {
    int type;
    const xmlChar *name;
    const xmlChar *text;
} ibs_xml_node_info;

/// What `xmlTextReaderNodeType`, `xmlTextReaderConstName` and `xmlTextReaderConstValue`
/// give, read from the node's own fields where those accessors would only return them,
/// except that every text node is `XML_READER_TYPE_TEXT`: `xmlTextReaderNodeType` tells
/// whitespace-only text apart, and for that walks up the node's ancestors looking for
/// `xml:space` on every such node; callers check blankness themselves where it matters.
static inline ibs_xml_node_info ibs_xml_node(xmlTextReaderPtr reader) {
    ibs_xml_node_info info = { XML_READER_TYPE_NONE, NULL, NULL };
    xmlNodePtr node = xmlTextReaderCurrentNode(reader);
    if (node == NULL) return info;
    if (node->type == XML_TEXT_NODE) {
        info.type = XML_READER_TYPE_TEXT;
        info.text = node->content;
        return info;
    }
    info.type = xmlTextReaderNodeType(reader);
    if (info.type == XML_READER_TYPE_ELEMENT) {
        info.name = (node->ns == NULL || node->ns->prefix == NULL) ? node->name : xmlTextReaderConstName(reader);
    } else if (info.type == XML_READER_TYPE_CDATA) {
        info.text = xmlTextReaderConstValue(reader);
    }
    return info;
}

/// True when `name` lives in the dictionary of the reader's document, so the same
/// name keeps the same pointer for the whole read.
static inline int ibs_xml_name_is_interned(xmlTextReaderPtr reader, const xmlChar *name) {
    xmlNodePtr node = xmlTextReaderCurrentNode(reader);
    return node != NULL && node->doc != NULL && node->doc->dict != NULL && xmlDictOwns(node->doc->dict, name) == 1;
}
#endif
