#ifndef IBSOURCES_CYAML_SHIM_H
#define IBSOURCES_CYAML_SHIM_H
#include <yaml.h>
#endif
