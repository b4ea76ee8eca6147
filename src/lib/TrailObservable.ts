// The trail's streams are rxjs Observables. These names stay exported so that code typed
// against them (before rxjs was the implementation) still compiles.
import type { Observable } from 'rxjs';

/** A stream of the trail: an rxjs `Observable`, so operators and `firstValueFrom` take it as it is. */
export type TrailObservable<T> = Observable<T>;
export type { PartialObserver } from 'rxjs';
