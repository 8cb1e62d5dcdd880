/* The floor for the XML reader: walk libxml2's xmlTextReader nodes and do nothing else. */
#include <stdio.h>
#include <libxml/xmlreader.h>

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: xml_walk FILE\n"); return 2; }
    xmlTextReaderPtr reader = xmlReaderForFile(argv[1], NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
    if (reader == NULL) { fprintf(stderr, "cannot open %s\n", argv[1]); return 2; }
    long nodes = 0;
    int result;
    while ((result = xmlTextReaderRead(reader)) == 1) nodes++;
    xmlFreeTextReader(reader);
    if (result != 0) { fprintf(stderr, "parse error\n"); return 1; }
    printf("%ld nodes\n", nodes);
    return 0;
}
