import Testing
import SparesKernel

@Suite("Ring buffer")
struct RingBufferTests {
    @Test("first in, first out across growth and wrap-around")
    func fifo() {
        var buffer = RingBuffer<Int>(capacity: 2)
        var reference: [Int] = []
        var nextValue = 0
        for round in 0..<200 {
            for _ in 0..<(round % 7 + 1) {
                buffer.append(nextValue)
                reference.append(nextValue)
                nextValue += 1
            }
            for _ in 0..<(round % 5) where !reference.isEmpty {
                #expect(buffer.popFirst() == reference.removeFirst())
            }
            #expect(buffer.count == reference.count)
            #expect(buffer.first == reference.first)
        }
        while let value = buffer.popFirst() { #expect(value == reference.removeFirst()) }
        #expect(reference.isEmpty && buffer.isEmpty && buffer.popFirst() == nil)
    }
}
