/// Series colours: Tableau 10 with a darker gold, distinct enough to tell eight lines apart.
enum Palette {
    static let colors = ["#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#76b7b2",
                         "#b07aa1", "#c9a227", "#ff9da7", "#9c755f", "#79706e"]

    static func color(_ index: Int) -> String {
        colors[index % colors.count]
    }

    static let ink = "#2b2b2b"
    static let muted = "#6b6b6b"
    static let grid = "#e6e6e6"
    static let axis = "#9a9a9a"
}
