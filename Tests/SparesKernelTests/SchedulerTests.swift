import Testing
import SparesKernel

@Suite("Scheduler")
struct SchedulerTests {
    typealias Event = RecordingModel.Event

    @Test("events run in (time, priority, insertion) order")
    func order() {
        var scheduler = Scheduler<Event>()
        scheduler.schedule(Event(id: 1), at: 5)
        scheduler.schedule(Event(id: 2), at: 1)
        scheduler.schedule(Event(id: 3), at: 5, priority: .first)
        scheduler.schedule(Event(id: 4), at: 5)
        scheduler.schedule(Event(id: 5), at: 5, priority: .last)
        scheduler.schedule(Event(id: 6), at: 3)
        scheduler.schedule(Event(id: 7), at: 5, priority: .first)
        var model = RecordingModel()
        let outcome = scheduler.run(&model)
        #expect(outcome == .exhausted)
        #expect(model.ids == [2, 6, 3, 7, 1, 4, 5])
        #expect(model.handled.map(\.time) == [1, 3, 5, 5, 5, 5, 5])
        let processed = scheduler.processedEvents
        #expect(processed == 7)
        let clock = scheduler.now
        #expect(clock == 5)
    }

    @Test("a same-time follow-up runs after events already scheduled at that time and priority")
    func sameTimeFollowUp() {
        var scheduler = Scheduler<Event>()
        scheduler.schedule(Event(id: 1, followUp: .init(id: 10, delay: 0, priority: 128)), at: 2)
        scheduler.schedule(Event(id: 2), at: 2)
        scheduler.schedule(Event(id: 3, followUp: .init(id: 30, delay: 0, priority: 0)), at: 2, priority: .last)
        var model = RecordingModel()
        scheduler.run(&model)
        #expect(model.ids == [1, 2, 10, 3, 30])
    }

    @Test("a cancelled event never fires; cancel reports whether it was pending")
    func cancel() {
        var scheduler = Scheduler<Event>()
        let a = scheduler.scheduleCancellable(Event(id: 1), at: 1)
        let b = scheduler.scheduleCancellable(Event(id: 2), at: 2)
        scheduler.schedule(Event(id: 3), at: 3)
        let d = scheduler.scheduleCancellable(Event(id: 4), at: 4)
        let pendingBefore = scheduler.pendingEvents
        #expect(pendingBefore == 4)
        let cancelledB = scheduler.cancel(b)
        #expect(cancelledB)
        let cancelledBAgain = scheduler.cancel(b)
        #expect(!cancelledBAgain, "cancelling twice")
        let pendingAfter = scheduler.pendingEvents
        #expect(pendingAfter == 3)
        var model = RecordingModel()
        scheduler.run(&model, until: 1)
        #expect(model.ids == [1])
        let cancelledAfterRun = scheduler.cancel(a)
        #expect(!cancelledAfterRun, "already ran")
        let cancelledD = scheduler.cancel(d)
        #expect(cancelledD)
        scheduler.run(&model)
        #expect(model.ids == [1, 3])
        let pendingAtEnd = scheduler.pendingEvents
        #expect(pendingAtEnd == 0)
        // The slots of a, b and d are reused; their stale handles must not cancel the new events.
        let e = scheduler.scheduleCancellable(Event(id: 5), at: 10)
        _ = scheduler.scheduleCancellable(Event(id: 6), at: 11)
        _ = scheduler.scheduleCancellable(Event(id: 7), at: 12)
        let staleA = scheduler.cancel(a)
        let staleB = scheduler.cancel(b)
        let staleD = scheduler.cancel(d)
        #expect(!staleA && !staleB && !staleD)
        scheduler.run(&model)
        #expect(model.ids == [1, 3, 5, 6, 7])
        let cancelledAfterFiring = scheduler.cancel(e)
        #expect(!cancelledAfterFiring)
    }

    @Test("run until a time runs events at that time, stops the clock there and keeps later ones")
    func runUntil() {
        var scheduler = Scheduler<Event>()
        for (id, time) in [(1, 1.0), (2, 4.0), (3, 4.0), (4, 4.5), (5, 9.0)] { scheduler.schedule(Event(id: id), at: time) }
        var model = RecordingModel()
        let firstOutcome = scheduler.run(&model, until: 4)
        #expect(firstOutcome == .reachedEndTime)
        #expect(model.ids == [1, 2, 3])
        let clockAtEnd = scheduler.now
        #expect(clockAtEnd == 4)
        let pendingLater = scheduler.pendingEvents
        #expect(pendingLater == 2)
        let secondOutcome = scheduler.run(&model, until: 20)
        #expect(secondOutcome == .exhausted)
        let clockAfterEmpty = scheduler.now
        #expect(clockAfterEmpty == 20, "the clock advances to the end time when the list empties")
        #expect(model.ids == [1, 2, 3, 4, 5])
    }

    @Test("stop() from the model and a stop condition both return at once")
    func stopping() {
        var scheduler = Scheduler<Event>()
        for id in 1...10 { scheduler.schedule(Event(id: id), at: Double(id)) }
        var model = RecordingModel(stopAfter: 3)
        let stopOutcome = scheduler.run(&model)
        #expect(stopOutcome == .stopped)
        let clockAtStop = scheduler.now
        #expect(model.ids == [1, 2, 3] && clockAtStop == 3)
        model.stopAfter = nil
        let conditionOutcome = scheduler.run(&model, stopWhen: { $0.handled.last?.id == 6 })
        #expect(conditionOutcome == .stopped)
        #expect(model.ids == [1, 2, 3, 4, 5, 6])
        let stepped = scheduler.step(&model)
        #expect(stepped)
        #expect(model.ids.last == 7)
        let lastOutcome = scheduler.run(&model)
        #expect(lastOutcome == .exhausted)
        let steppedWhenEmpty = scheduler.step(&model)
        #expect(!steppedWhenEmpty)
    }

    @Test("random schedules and cancellations match a sorted reference", arguments: [1, 2, 3] as [UInt64])
    func randomized(_ seed: UInt64) {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var list = EventList<Int>(capacity: 4)
        var expected: [(time: Double, priority: UInt8, seq: Int, id: Int)] = []
        var handles: [(EventHandle, Int)] = []
        var cancelled = Set<Int>()
        for id in 0..<3000 {
            // Coarse times and few priorities make many ties.
            let time = Double(next() % 200)
            let priority = UInt8(next() % 3) * 100
            if next() % 2 == 0 {
                handles.append((list.insertCancellable(id, at: time, priority: EventPriority(rawValue: priority)), id))
            } else {
                list.insert(id, at: time, priority: EventPriority(rawValue: priority))
            }
            expected.append((time, priority, id, id))
            if next() % 5 == 0, !handles.isEmpty {
                let (handle, victim) = handles.remove(at: Int(next() % UInt64(handles.count)))
                let wasPending = list.cancel(handle)
                #expect(wasPending)
                cancelled.insert(victim)
            }
        }
        let validBefore = list.checkInvariants()
        #expect(validBefore)
        let pendingCount = list.count
        #expect(pendingCount == expected.count - cancelled.count)
        let order = expected.filter { !cancelled.contains($0.id) }.sorted {
            ($0.time, $0.priority, $0.seq) < ($1.time, $1.priority, $1.seq)
        }.map(\.id)
        var popped: [Int] = []
        while let next = list.popFirst() {
            popped.append(next.event)
        }
        #expect(popped == order)
        let validAfter = list.checkInvariants()
        let emptyAfter = list.isEmpty
        #expect(validAfter && emptyAfter)
    }

    @Test("bulk events run exactly where scheduled ones would, with pops and cancellations between", arguments: [1, 2, 3, 4] as [UInt64])
    func bulk(_ seed: UInt64) {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        // The same operations on two lists: one inserting everything one by one, one taking the
        // bulk events in bulk. Every pop must give the same event.
        var plain = EventList<Int>(capacity: 4), mixed = EventList<Int>(capacity: 4)
        var plainHandles: [EventHandle] = [], mixedHandles: [EventHandle] = []
        var now = 0.0, popped = 0, fromBulk = 0
        var bulkIDs = Set<Int>()
        for id in 0..<6000 {
            let time = now + Double(next() % 100)
            let priority = EventPriority(rawValue: UInt8(next() % 3) * 100)
            switch next() % 4 {
            case 0:
                plainHandles.append(plain.insertCancellable(id, at: time, priority: priority))
                mixedHandles.append(mixed.insertCancellable(id, at: time, priority: priority))
            case 1:
                plain.insert(id, at: time, priority: priority)
                mixed.insert(id, at: time, priority: priority)
            default:
                plain.insert(id, at: time, priority: priority)
                mixed.insertInBulk(id, at: time, priority: priority)
                bulkIDs.insert(id)
            }
            if next() % 7 == 0, !plainHandles.isEmpty {
                let k = Int(next() % UInt64(plainHandles.count))
                let a = plain.cancel(plainHandles.remove(at: k)), b = mixed.cancel(mixedHandles.remove(at: k))
                #expect(a == b)
            }
            let plainCount = plain.count, mixedCount = mixed.count
            #expect(plainCount == mixedCount)
            // Pop a few now and then, so that later bulk events merge into a run under way.
            if next() % 3 == 0 {
                for _ in 0..<Int(next() % 4) {
                    let a = plain.popFirst(), b = mixed.popFirst()
                    #expect(a?.time == b?.time && a?.event == b?.event)
                    if let b {
                        now = b.time
                        popped += 1
                        if bulkIDs.contains(b.event) { fromBulk += 1 }
                    }
                }
            }
        }
        while let a = plain.popFirst() {
            let b = mixed.popFirst()
            #expect(a.time == b?.time && a.event == b?.event)
            popped += 1
            if let b, bulkIDs.contains(b.event) { fromBulk += 1 }
        }
        let emptyAfter = mixed.popFirst() == nil && mixed.isEmpty
        let valid = mixed.checkInvariants()
        #expect(emptyAfter && valid)
        #expect(fromBulk == bulkIDs.count && popped > 4000)
    }
}
