#include <cblas.h>

/* Exported by OpenBLAS's pthread server but absent from cblas.h: stops its worker threads
   (they are started again on demand by a multi-threaded call). */
int blas_thread_shutdown_(void);
